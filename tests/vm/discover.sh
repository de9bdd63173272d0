#!/bin/sh
# Names the bed's devices by serial, never by enumeration order, as shell
# assignments: BED_SRC=/dev/nvme1n1, BED_SRC_PCI=0000:04:00.0, ...
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
# The PCI function: the last PCI address on the device's sysfs path.
pci_of() {
	readlink -f "/sys/block/${1#/dev/}" | tr / '\n' |
		grep -E '^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$' | tail -n 1
}
for pair in CMB:cmb0 SRC:src1 DST:dst2 FAR:far0 VIRT:virt0 ZNS:zns0 \
	HOT:hot0 HOTCMB:hotcmb0 \
	HBCMB:hbcmb0 HBSRC:hbsrc1 HBDST:hbdst2 ACS0:acs0 ACS1:acs1; do
	var=${pair%%:*}
	dev=$(by_serial "${pair#*:}")
	echo "BED_$var=$dev"
	# Empty too when the device is missing: a shell that sources this
	# again (rediscover) must not keep an address from before.
	echo "BED_${var}_PCI=$([ -n "$dev" ] && pci_of "$dev")"
done

# Everything the selftests need is here: a skip is a failure (run.sh).
echo "BED_STRICT_SKIPS=1"
