#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the vmrun initramfs (busybox sh): mount the host root over 9p,
# give it fresh proc, sys, dev, debugfs, /tmp and /run, and run the harness's
# guest side in a chroot.  Powers the guest off whatever happens.

bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
$bb mount -t devtmpfs devtmpfs /dev

off() {
	$bb sync
	$bb poweroff -f
	$bb sleep 5
	echo o >/proc/sysrq-trigger
}

rundir=
repo=
for arg in $($bb cat /proc/cmdline); do
	case "$arg" in
	al.rundir=*) rundir=${arg#al.rundir=} ;;
	al.repo=*) repo=${arg#al.repo=} ;;
	al.probe=1) echo anon_lazy-kvm-ok; off ;;
	esac
done

for m in $($bb cat /modules/order); do
	$bb insmod "/modules/$m" || echo "init: insmod $m failed"
done

H=/host
if ! $bb mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot $H; then
	echo "init: cannot mount the host root"
	off
fi
$bb mount -t proc proc $H/proc
$bb mount -t sysfs sysfs $H/sys
$bb mount -t devtmpfs devtmpfs $H/dev
$bb mount -t debugfs debugfs $H/sys/kernel/debug 2>/dev/null
$bb mount -t tmpfs -o mode=1777 tmpfs $H/tmp
$bb mount -t tmpfs -o mode=755 tmpfs $H/run
$bb mkdir -p $H/dev/shm $H/dev/pts
$bb ln -sf /proc/self/fd $H/dev/fd
$bb ln -sf /proc/self/fd/0 $H/dev/stdin
$bb ln -sf /proc/self/fd/1 $H/dev/stdout
$bb ln -sf /proc/self/fd/2 $H/dev/stderr
$bb mount -t tmpfs -o mode=1777 tmpfs $H/dev/shm
$bb mount -t devpts devpts $H/dev/pts 2>/dev/null
$bb mount -t cgroup2 cgroup2 $H/sys/fs/cgroup 2>/dev/null
# A root of our own (arm64) gets the repository at its own path.
if [ -n "$repo" ] &&
   ! $bb mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 repo "$H$repo"; then
	echo "init: cannot mount the repository"
	off
fi
$bb mkdir -p "$H$rundir" 2>/dev/null
if ! $bb mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 rundir "$H$rundir"; then
	echo "init: cannot mount the run directory"
	off
fi

# shellcheck source=/dev/null  # written by vmrun
. "$H$rundir/env.sh"
# vmrun's mark: a splat on the console before this line was not the run's.
echo "anon_lazy-vmrun: the guest harness starts" >/dev/kmsg
$bb chroot $H /bin/bash "$AL_REPO/tests/vm/lib/guest-run.sh" "$rundir"
off
