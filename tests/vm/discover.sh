#!/bin/sh
# Names the bed's devices by serial, never by enumeration order, as the
# selftests' configuration (tests/selftests/devices.sh): shell assignments
# such as P2PDMA_SRC=/dev/nvme1n1.  A provider is named by a namespace of
# its NVMe, as an engineer may name it; devices.sh finds its PCI function.
# An NVMe namespace's serial is its controller's: /sys/block/nvmeXnY/device
# is the controller, also for a namespace given by -device nvme-ns (zns0).
by_serial() {
	for f in /sys/block/*/device/serial /sys/block/*/serial; do
		[ -f "$f" ] || continue
		s=$(tr -d ' \n' <"$f")
		if [ "$s" = "$1" ]; then
			b=${f#/sys/block/}
			echo "/dev/${b%%/*}"
			return
		fi
	done
}
for pair in PROVIDER:cmb0 SRC:src1 DST:dst2 FAR:far0 NONP2P:virt0 ZONED:zns0 \
	HOTPLUG:hot0 HOTPLUG_PROVIDER:hotcmb0 \
	HB_PROVIDER:hbcmb0 HB_SRC:hbsrc1 HB_DST:hbdst2 ACS0:acs0 ACS1:acs1; do
	dev=$(by_serial "${pair#*:}")
	[ -n "$dev" ] && echo "P2PDMA_${pair%%:*}=$dev"
done
# The bed's disks are blank and new at every boot: the tests may write.
echo "P2PDMA_DESTRUCTIVE=1"
# Everything the selftests need is here: a skip is a failure (run.sh).
echo "BED_STRICT_SKIPS=1"
