#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of vmrun, run as root in the chroot of the host root: load
# anon_lazy, run the command with its output in the run directory, unload.
# What went wrong with loading or unloading is told in harness_rc.

RUNDIR=$1
# shellcheck source=/dev/null  # written by vmrun
. "$RUNDIR/env.sh"
export PATH="$AL_BIN:$AL_WORKLOADS:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export HOME=/root TMPDIR=/tmp LC_ALL=C
export AL_REPO AL_BUILD AL_BIN AL_WORKLOADS AL_KREL AL_ARCH AL_MODULE AL_STANDIN AL_NUMA
exec 2>>"$RUNDIR/harness.err"

if [ "$AL_LOAD_MODULE" = 1 ]; then
	# shellcheck disable=SC2086
	if ! insmod "$AL_MODULE" $AL_MODPARAMS; then
		echo "insmod $AL_MODULE $AL_MODPARAMS failed" >&2
		dmesg | grep -i anon_lazy | tail -n 20 >&2
		echo insmod >"$RUNDIR/harness_rc"
		exit 0
	fi
fi

bash "$RUNDIR/cmd.sh" >"$RUNDIR/stdout" 2>"$RUNDIR/stderr" </dev/null
echo $? >"$RUNDIR/rc.tmp"

if grep -q '^anon_lazy ' /proc/modules; then
	if ! rmmod anon_lazy; then
		echo "rmmod anon_lazy failed" >&2
		echo rmmod >"$RUNDIR/harness_rc"
	fi
fi
sync
mv "$RUNDIR/rc.tmp" "$RUNDIR/rc"
