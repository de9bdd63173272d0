#!/usr/bin/env bash
# The QEMU test bed: builds the kernel (cached), the module, the runner and
# an initramfs, boots them on an emulated PCIe topology and runs a job in
# the guest.  See README.md ("The test bed") for the topology.
#
# Usage: bed.sh [OPTIONS]
#   --job FILE        script to run in the guest (default: the selftests)
#   --add PATH[:DEST] put a file or directory in the guest (DEST under /bed)
#   --bin PATH        put an executable and its shared libraries in /usr/bin
#   --env NAME=VALUE  set a variable for the job (P2PDMA_SOAK_SECONDS=3600)
#   --ktap            read the job's output as KTAP: print each result and
#                     close with "N passed, N failed, N skipped"
#   --timeout SECS    give up on the guest after this long (default 3600;
#                     the selftests take about 17 minutes on 2 idle cores:
#                     3x that and some, for a slower machine)
#   --log FILE        keep the whole console log here
#   --keep            keep the work directory (disk images, initramfs)
# Exit status: the job's, or 1 when the guest hung, crashed, or its kernel
# log shows a BUG, WARNING, KASAN, lockdep, kmemleak or OOM-killer report.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"

job="$here/jobs/selftests.sh"
adds=()
bins=()
envs=()
ktap=0
timeout=3600
log=
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--job) job=$2; shift 2 ;;
	--add) adds+=("$2"); shift 2 ;;
	--bin) bins+=("$2"); shift 2 ;;
	--env) envs+=("$2"); shift 2 ;;
	--ktap) ktap=1; shift ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;$d'; exit 0 ;;
	*) echo "bed.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
[ -f "$job" ] || { echo "bed.sh: no job script $job" >&2; exit 2; }

"$top/scripts/ensure-deps.sh" qemu-system-x86 busybox-static libmnl-dev \
	libblkid-dev build-essential cpio util-linux

tree=$("$here/kernel.sh" 6.12)
make -s -C "$top/kmod" KDIR="$tree" >&2
make -s -C "$top/user" >&2
make -s -C "$top/tests/selftests/tools" >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-bed.XXXXXX")
cleanup() { [ $keep -eq 1 ] && echo "bed: kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT

# --- initramfs ---
root=$work/root
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,usr/bin,lib,bed,selftests}
cp /bin/busybox "$root/bin/busybox"
cp "$here/init" "$root/init"
cp "$here/discover.sh" "$root/bin/bed-discover"
cp "$top/kmod/p2pdma_harness.ko" "$root/lib/p2pdma_harness.ko"
cp "$top"/tests/selftests/*.sh "$root/selftests/"
cp "$job" "$root/bed/job"
for e in ${envs[@]+"${envs[@]}"}; do printf 'export %q\n' "$e"; done >"$root/etc/bed-job.env"
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
for b in "$top"/tests/selftests/tools/nl-*; do
	[ -x "$b" ] && add_bin "$b"
done
for b in ${bins[@]+"${bins[@]}"}; do add_bin "$b"; done
for a in ${adds[@]+"${adds[@]}"}; do
	src=${a%%:*}
	dest=$root/bed/$( [ "$a" != "$src" ] && echo "${a#*:}" || basename "$src")
	mkdir -p "$(dirname "$dest")"
	cp -r "$src" "$dest"
done
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.cpio.gz"

# --- disks: sparse, new every boot so every run starts the same ---
# virt0 is 64G so that a huge host-memory request fits on one device; only
# what the tests write takes room.
for d in cmb0:64M src1:256M dst2:256M far0:64M virt0:64G zns0:64M hot0:64M hotcmb0:64M; do
	truncate -s "${d#*:}" "$work/${d%%:*}.img"
done

drive() { echo "-drive file=$work/$1.img,if=none,id=$1,format=raw"; }
# la57=off: with 5-level paging, KASAN reports a wild access in an
# interrupt taken during early boot under TCG.
# At most one vCPU per host core: with more, MTTCG's vCPU threads only take
# turns on the same core.
smp=$(nproc)
[ "$smp" -gt 2 ] && smp=2
# One switch (root port -> x3130 upstream -> three downstream ports) with a
# CMB NVMe and two plain NVMe; a CMB NVMe alone on a second root port, which
# q35's host bridge cannot reach peer-to-peer; a virtio-blk disk; a zoned
# namespace (4 MiB zones, capacity = size) on a third root port.  Two
# more NVMe are there to be hot-removed through their slots (t_91): one on
# a fourth downstream port, one with a CMB behind a second switch below a
# fifth, farther from src1 and dst2 than cmb0 so never the provider picked
# for them.  q35 hands hotplug to ACPI unless told not to; native PCIe
# hotplug (pciehp) is what most servers use.
qemu_args=(
	-name p2pdma-bed,debug-threads=on
	-M q35 -accel tcg -cpu max,la57=off -smp "$smp" -m 2G
	-display none -vga none -nic none -no-reboot -monitor none -serial stdio
	-kernel "$tree/arch/x86/boot/bzImage" -initrd "$work/initramfs.cpio.gz"
	-append "console=ttyS0 loglevel=5 panic=-1 oops=panic nvme.use_cmb_sqes=0 nvme_core.multipath=N"
	-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off
	-device pcie-root-port,id=rp1,chassis=1,slot=1
	-device x3130-upstream,id=up1,bus=rp1
	-device xio3130-downstream,id=dn1,bus=up1,chassis=2,slot=1
	-device xio3130-downstream,id=dn2,bus=up1,chassis=3,slot=2
	-device xio3130-downstream,id=dn3,bus=up1,chassis=4,slot=3
	$(drive cmb0) -device nvme,serial=cmb0,drive=cmb0,bus=dn1,cmb_size_mb=64
	$(drive src1) -device nvme,serial=src1,drive=src1,bus=dn2
	$(drive dst2) -device nvme,serial=dst2,drive=dst2,bus=dn3
	-device xio3130-downstream,id=dn4,bus=up1,chassis=7,slot=4
	$(drive hot0) -device nvme,serial=hot0,drive=hot0,bus=dn4
	-device xio3130-downstream,id=dn5,bus=up1,chassis=8,slot=5
	-device x3130-upstream,id=up2,bus=dn5
	-device xio3130-downstream,id=dn6,bus=up2,chassis=9,slot=6
	$(drive hotcmb0) -device nvme,serial=hotcmb0,drive=hotcmb0,bus=dn6,cmb_size_mb=64
	-device pcie-root-port,id=rp2,chassis=5,slot=2
	$(drive far0) -device nvme,serial=far0,drive=far0,bus=rp2,cmb_size_mb=64
	$(drive virt0) -device virtio-blk-pci,drive=virt0,serial=virt0
	-device pcie-root-port,id=rp3,chassis=6,slot=3
	-device nvme,id=zns0c,serial=zns0,bus=rp3
	$(drive zns0) -device nvme-ns,drive=zns0,bus=zns0c,nsid=1,zoned=true,zoned.zone_size=4M,zoned.zone_capacity=0
)

console=${log:-$work/console.log}
start=$SECONDS
# Line by line all the way, so a hung guest still shows how far it got.
boot() {
	set +e
	timeout --foreground "$timeout" qemu-system-x86_64 "${qemu_args[@]}" </dev/null |
		sed -u 's/\r$//' | tee "$console" |
		awk '/^P2PDMA-BED-BOOTED/ { on = 1; next } /^P2PDMA-BED-JOB-EXIT/ { on = 0 } on { print; fflush() }' |
		if [ $ktap -eq 1 ]; then "$here/ktap-summary.sh"; else cat; fi
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
