# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Helpers of tests/vm/vmrun: which kernels there are, the initramfs, the
# accelerator.  Sourced, not run.

# Where an architecture's Debian kernel packages are unpacked: the host root
# for x86_64, a private root for arm64 (scripts/install-deps --arm64).
al_kernel_root() {
	if [ "$1" = arm64 ]; then
		echo "${ANON_LAZY_ARM64_ROOT:-$BUILD/arm64-root}"
	else
		echo ""
	fi
}

# The root the guest mounts: the host's own for x86_64; for arm64 the
# private root, which holds an aarch64 userland beside the kernel (the
# host's binaries cannot run there; scripts/install-deps --arm64).
al_guest_root() {
	if [ "$1" = arm64 ]; then
		al_kernel_root arm64
	else
		echo /
	fi
}

# Installed Debian kernels of an architecture that have an image and headers,
# oldest first.
al_kernels() {
	local root rel suffix=amd64
	root=$(al_kernel_root "$1")
	[ "$1" = arm64 ] && suffix=arm64
	for d in "$root"/lib/modules/*-"$suffix"; do
		[ -d "$d" ] || continue
		rel=${d##*/}
		[ -r "$root/boot/vmlinuz-$rel" ] || continue
		[ -e "$d/build/Makefile" ] || [ -e "$root/usr/src/linux-headers-$rel/Makefile" ] || continue
		echo "$rel"
	done | sort -V
}

al_default_kernel() {
	local k
	k=$(al_kernels "$1" | tail -n 1)
	[ -n "$k" ] && echo "$k"
}

# The kernels make check boots: the newest 6.1 and the newest 6.12 (or
# whatever newest of each series is installed).
al_test_kernels() {
	al_kernels "$1" | awk -F. '{ s = $1 "." $2; last[s] = $0; if (!(s in seen)) { seen[s] = 1; order[n++] = s } }
		END { for (i = 0; i < n; i++) print last[order[i]] }'
}

al_mem_mb() {
	case "$1" in
	*[Gg]) echo $(( ${1%[Gg]} * 1024 )) ;;
	*[Mm]) echo "${1%[Mm]}" ;;
	*[!0-9]*|'') return 1 ;;
	*) echo "$1" ;;
	esac
}

# Modules the guest needs before it can mount the host root, in load order,
# decompressed into DIR; prints their names in order.
al_collect_9p_modules() {
	local arch=$1 krel=$2 dir=$3 root ko base seen=" "
	root=$(al_kernel_root "$arch")
	mkdir -p "$dir"
	# A kernel with no modules directory has them built in (our own).
	[ -d "${root}/lib/modules/$krel" ] || return 0
	modprobe -a -d "${root:-/}" -S "$krel" --show-depends 9p 9pnet_virtio virtio_pci 2>/dev/null |
	while read -r verb ko _; do
		[ "$verb" = insmod ] || continue
		base=${ko##*/}
		base=${base%.xz}
		base=${base%.zst}
		case "$seen" in *" $base "*) continue ;; esac
		seen="$seen$base "
		case "$ko" in
		*.xz) xz -dc "$ko" >"$dir/$base" ;;
		*.zst) zstd -qdc "$ko" >"$dir/$base" ;;
		*) cp "$ko" "$dir/$base" ;;
		esac || return 1
		echo "$base"
	done
}

# Build (or reuse) the initramfs for a kernel; prints its path.
al_initramfs() {
	local arch=$1 krel=$2 out tmp busybox key
	busybox=${ANON_LAZY_BUSYBOX:-/bin/busybox}
	[ "$arch" = arm64 ] && busybox=$(al_kernel_root arm64)/bin/busybox
	[ -x "$busybox" ] || { echo "vmrun: no static busybox at $busybox" >&2; return 1; }
	key=$(cat "$REPO/tests/vm/lib/init.sh" "$REPO/tests/vm/lib/kernels.sh" "$busybox" | md5sum | cut -c1-12)
	out=$VMCACHE/initramfs-$arch-$krel-$key.cpio.gz
	if [ -s "$out" ]; then
		echo "$out"
		return 0
	fi
	mkdir -p "$VMCACHE"
	tmp=$(mktemp -d "$VMCACHE/initramfs.XXXXXX") || return 1
	mkdir -p "$tmp/bin" "$tmp/dev" "$tmp/proc" "$tmp/sys" "$tmp/host" "$tmp/modules"
	cp "$busybox" "$tmp/bin/busybox"
	ln -s busybox "$tmp/bin/sh"
	cp "$REPO/tests/vm/lib/init.sh" "$tmp/init"
	chmod 755 "$tmp/init"
	al_collect_9p_modules "$arch" "$krel" "$tmp/modules" >"$tmp/modules/order" || {
		rm -rf "$tmp"
		echo "vmrun: collecting the 9p modules of $krel failed" >&2
		return 1
	}
	(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp" &&
		mv "$out.tmp" "$out"
	rm -rf "$tmp"
	[ -s "$out" ] && echo "$out"
}

# KVM where it works, TCG otherwise.  Nested KVM on these hosts fails with an
# emulation error instead of refusing, so boot once to find out and remember
# the answer for this host boot.
al_pick_accel() {
	local arch=$1 krel=$2 initrd=$3 cache verdict
	if [ "$arch" != x86_64 ] || [ ! -w /dev/kvm ]; then
		echo tcg
		return
	fi
	cache=$VMCACHE/accel.$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
	if [ -r "$cache" ]; then
		cat "$cache"
		return
	fi
	verdict=tcg
	if timeout -k 2 20 qemu-system-x86_64 -accel kvm -cpu host -m 256M \
		-display none -monitor none -serial stdio -no-reboot \
		-kernel "$(al_kernel_root "$arch")/boot/vmlinuz-$krel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 al.probe=1" </dev/null 2>&1 |
		grep -q 'anon_lazy-kvm-ok'; then
		verdict=kvm
	fi
	echo $verdict >"$cache"
	echo $verdict
}
