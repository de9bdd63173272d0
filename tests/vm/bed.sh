#!/usr/bin/env bash
# The QEMU test bed: builds the kernel (cached), the module, the runner and
# an initramfs, boots them on an emulated PCIe topology and runs a job in
# the guest.  See README.md ("The test bed") for the topology.
#
# Usage: bed.sh [OPTIONS]
#   --topology NAME   the emulated machine (default: switch), one of
#                     tests/vm/topologies/NAME.sh; --topologies lists them
#   --kernel SERIES   the guest's kernel: 6.12 (default) or 6.1, Debian's
#                     linux-source-SERIES built by kernel.sh
#   --flavour F       that kernel's flavour (kernel.sh): test (default,
#                     with the debug options) or bench (without them)
#   --job FILE        script to run in the guest (default: the selftests)
#   --add PATH[:DEST] put a file or directory in the guest (DEST under /bed)
#   --bin PATH        put an executable and its shared libraries in /usr/bin
#   --env NAME=VALUE  set a variable for the job (P2PDMA_SOAK_SECONDS=3600)
#   --append ARGS     add to the guest kernel's command line
#   --ktap            read the job's output as KTAP: print each result and
#                     close with "STAGE: N passed, N failed, N skipped"
#   --stage NAME      that STAGE (default: vm, vm-6.1, vm-host-bridge, ...)
#   --timeout SECS    give up on the guest after this long (default 3600;
#                     the selftests take about 17 minutes on 2 idle cores:
#                     3x that and some, for a slower machine)
#   --log FILE        keep the whole console log here
#   --keep            keep the work directory (disk images, initramfs)
#   --export DIR      boot nothing: write the guest to DIR instead (bzImage,
#                     initramfs.cpio.gz, the disk images, and the machine
#                     as qemu-args, one argument a line, with the kernel
#                     command line as kernel-args), for another launcher
#                     such as LAVA (tests/lava/)
# Exit status: the job's, or 1 when the guest hung, crashed, or its kernel
# log shows a BUG, WARNING, KASAN, lockdep, kmemleak or OOM-killer report.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"

job="$here/jobs/selftests.sh"
topology=switch
kernel=6.12
flavour=test
adds=()
bins=()
envs=()
append=
ktap=0
stage=
timeout=3600
log=
keep=0
export_dir=
while [ $# -gt 0 ]; do
	case "$1" in
	--topology) topology=$2; shift 2 ;;
	--topologies)
		for t in "$here"/topologies/*.sh; do
			n=$(basename "$t" .sh)
			printf '%-18s %s\n' "$n" "$(sed -n 's/^topology_summary="\(.*\)"$/\1/p' "$t")"
		done
		exit 0 ;;
	--kernel) kernel=$2; shift 2 ;;
	--flavour) flavour=$2; shift 2 ;;
	--job) job=$2; shift 2 ;;
	--add) adds+=("$2"); shift 2 ;;
	--bin) bins+=("$2"); shift 2 ;;
	--env) envs+=("$2"); shift 2 ;;
	--append) append="$append $2"; shift 2 ;;
	--ktap) ktap=1; shift ;;
	--stage) stage=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--export) export_dir=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;$d'; exit 0 ;;
	*) echo "bed.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
[ -f "$job" ] || { echo "bed.sh: no job script $job" >&2; exit 2; }
[ -f "$here/topologies/$topology.sh" ] ||
	{ echo "bed.sh: no topology '$topology' (bed.sh --topologies lists them)" >&2; exit 2; }

"$top/scripts/ensure-deps.sh" qemu-system-x86 busybox-static libmnl-dev \
	libblkid-dev liburing-dev build-essential cpio util-linux jq

case $kernel in
6.12|6.1) ;;
*) echo "bed.sh: no kernel '$kernel' (6.12 or 6.1)" >&2; exit 2 ;;
esac
tree=$("$here/kernel.sh" "$kernel" "$flavour")
make -s -C "$top/user" >&2

if [ -n "$export_dir" ]; then
	# The disk images are named in qemu-args by this path: make it whole.
	mkdir -p "$export_dir"
	work=$(cd "$export_dir" && pwd)
	keep=1
	rm -rf "${work:?}/root" "$work/kmod" "$work/include"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-bed.XXXXXX")
fi
cleanup() { [ $keep -eq 1 ] && echo "bed: kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT

# The module is built in the work directory: beds for 6.12 and 6.1 may run
# side by side, and kmod/ keeps no objects of either.
cp -r "$top/kmod" "$top/include" "$work/"
rm -f "$work"/kmod/*.o "$work"/kmod/*.ko "$work"/kmod/*.mod* "$work"/kmod/.*.cmd \
	"$work/kmod/Module.symvers" "$work/kmod/modules.order"
make -s -C "$work/kmod" KDIR="$tree" >&2

# --- initramfs ---
root=$work/root
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,usr/bin,lib,bed,selftests}
cp /bin/busybox "$root/bin/busybox"
cp "$here/init" "$root/init"
cp "$here/discover.sh" "$root/bin/bed-discover"
cp "$work/kmod/p2pdma_harness.ko" "$root/lib/p2pdma_harness.ko"
# The selftests as the kselftest collection a lab installs (make -C
# tests/selftests install), with their tools and the JSON schema.
make -s -C "$top/tests/selftests" install INSTALL_PATH="$work/kselftest" >&2
cp -r "$work/kselftest/p2pdma/." "$root/selftests/"
rm -rf "$work/kselftest"
cp "$job" "$root/bed/job"
{
	printf 'export BED_TOPOLOGY=%q\n' "$topology"
	printf 'export BED_KERNEL=%q\n' "$kernel"
	for e in ${envs[@]+"${envs[@]}"}; do printf 'export %q\n' "$e"; done
} >"$root/etc/bed-job.env"
chmod +x "$root/bed/job"

# An executable and the shared libraries it loads, at the same paths.
add_bin() {
	local bin=$1 lib
	cp "$bin" "$root/usr/bin/"
	for lib in $(ldd "$bin" 2>/dev/null | grep -oE '/[^ ]+'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
add_bin "$top/user/p2pdma"
# For a caller with one capability and not the others (t_22).
add_bin /usr/bin/setpriv
# The selftests read the runner's results from its JSON.
add_bin /usr/bin/jq
# The destructive tests refuse a device that holds a signature, as wipefs
# finds it (tests/selftests/lib.sh); busybox's blkid does not look as far.
add_bin "$(readlink -f /sbin/blkid)"
for b in ${bins[@]+"${bins[@]}"}; do add_bin "$b"; done
for a in ${adds[@]+"${adds[@]}"}; do
	src=${a%%:*}
	dest=$root/bed/$( [ "$a" != "$src" ] && echo "${a#*:}" || basename "$src")
	mkdir -p "$(dirname "$dest")"
	cp -r "$src" "$dest"
done
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.cpio.gz"

# --- the machine: a topology (tests/vm/topologies/) on q35 ---
drive() { echo "-drive file=$work/$1.img,if=none,id=$1,format=raw"; }
# shellcheck source=tests/vm/topologies/switch.sh
. "$here/topologies/$topology.sh"
echo "bed: topology $topology: $topology_summary" >&2

# Disks are sparse and new every boot, so every run starts the same; virt0
# is 64G so that a huge host-memory request fits on one device, and only
# what the tests write takes room.
for d in $topology_disks; do
	truncate -s "${d#*:}" "$work/${d%%:*}.img"
done

# At most one vCPU per host core: with more, MTTCG's vCPU threads only take
# turns on the same core.
smp=$(nproc)
[ "$smp" -gt 2 ] && smp=2
# la57=off (topology_cpu of the Intel-like machines): with 5-level paging,
# KASAN reports a wild access in an interrupt taken during early boot
# under TCG.  q35 hands hotplug to ACPI unless told not to; native PCIe
# hotplug (pciehp) is what most servers use.
# The machine, without what a launcher adds itself (kernel, initrd,
# console, name), so that --export hands over the same one.
machine_args=(
	-M q35 -accel tcg -cpu "$topology_cpu" -smp "$smp" -m 2G
	-display none -vga none -nic none -no-reboot
	-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off
	"${topology_devices[@]}"
)
kernel_args="console=ttyS0 loglevel=5 panic=-1 oops=panic nvme.use_cmb_sqes=0 nvme_core.multipath=N $topology_append$append"

if [ -n "$export_dir" ]; then
	cp "$tree/arch/x86/boot/bzImage" "$work/bzImage"
	printf '%s\n' "${machine_args[@]}" >"$work/qemu-args"
	echo "$kernel_args" >"$work/kernel-args"
	rm -rf "$work/root" "$work/kmod" "$work/include"
	echo "bed: the $topology guest on $kernel is in $work" >&2
	trap - EXIT
	exit 0
fi

qemu_args=(
	-name p2pdma-bed,debug-threads=on "${machine_args[@]}"
	-monitor none -serial stdio
	-kernel "$tree/arch/x86/boot/bzImage" -initrd "$work/initramfs.cpio.gz"
	-append "$kernel_args"
)

console=${log:-$work/console.log}
# The name the closing line carries: "vm" for the default machine and
# kernel, else "vm-6.1", "vm-host-bridge", "vm-6.1-host-bridge".
if [ -z "$stage" ]; then
	stage=vm
	[ "$kernel" = 6.12 ] || stage=$stage-$kernel
	[ "$topology" = switch ] || stage=$stage-$topology
fi
start=$SECONDS
# Line by line all the way, so a hung guest still shows how far it got.
boot() {
	set +e
	timeout --foreground "$timeout" qemu-system-x86_64 "${qemu_args[@]}" </dev/null |
		sed -u 's/\r$//' | tee "$console" |
		awk '/^P2PDMA-BED-BOOTED/ { on = 1; next } /^P2PDMA-BED-JOB-EXIT/ { on = 0 } on { print; fflush() }' |
		if [ $ktap -eq 1 ]; then "$here/ktap-summary.sh" "$stage"; else cat; fi
	pipe=("${PIPESTATUS[@]}")
	set -e
}
boot
# A kernel that dies before init is done has run nothing of ours: seen
# here once in nine boots under load, an int3 oops in code the kernel
# was patching, which TCG's cross-vCPU code modification can cause.  Say
# so, keep that log, and boot once more; a crash after boot is a verdict.
if [ "${pipe[0]}" != 124 ] && ! grep -q '^P2PDMA-BED-BOOTED' "$console"; then
	echo "bed: the guest died before its init was done; its log:" >&2
	tail -n 40 "$console" >&2
	cp "$console" "$console.first-boot"
	echo "bed: booting once more" >&2
	boot
fi
# Where the time went, on the guest's own clock, so that a slow run says
# which phase was slow even when it was cut short.
phase() { sed -n "s/^P2PDMA-BED-$1 \([0-9]*\)$/\1 s/p" "$console" | grep . || echo "-"; }
echo "bed: guest ran $((SECONDS - start)) s; on its clock: booted $(phase BOOTED)," \
	"job done $(phase JOB-END), kernel log read $(phase DMESG-END)" >&2

verdict=0
if [ "${pipe[0]}" = 124 ]; then
	echo "bed: FAIL: the guest did not finish within $timeout s" >&2
	verdict=1
fi
job_exit=$(sed -n 's/^P2PDMA-BED-JOB-EXIT \([0-9]*\)$/\1/p' "$console")
if [ -z "$job_exit" ]; then
	echo "bed: FAIL: the job never finished (guest crashed?); last lines:" >&2
	tail -n 30 "$console" >&2
	verdict=1
elif [ "$job_exit" != 0 ]; then
	verdict=1
fi
if [ $ktap -eq 1 ] && [ "${pipe[4]}" != 0 ]; then
	verdict=1
fi
if ! "$here/kernel-log-check.sh" "$console"; then
	verdict=1
fi
exit $verdict
