#!/bin/sh
# Removal through the slot's hotplug driver, as an operator (or a failing
# drive's management controller) does it on a server: pciehp powers the
# slot off, which unbinds the driver and removes the function, under
# pciehp's own locks rather than sysfs 'remove'.  A destination powered off
# mid-job fails the job's writes with an I/O error naming it; a provider
# powered off mid-job stops the job with ENODEV; either way nothing is
# left held and the other devices still copy.  QEMU unplugs a device whose
# slot the guest powers off, so both devices are gone for good: they are
# the bed's spares (hot0, hotcmb0), not devices other tests use.
# needs: src dst hotplug hotplug-provider destructive
. ./lib.sh
load_module

# The hotplug slot of a PCI function: slots are named by their physical
# slot number, which QEMU repeats across chassis, so match the address.
slot_of() {
	for s in /sys/bus/pci/slots/*; do
		[ "$(cat "$s/address" 2>/dev/null)" = "${1%.*}" ] && echo "$s" && return 0
	done
	return 1
}

power_off_during_job() {	# PCI ROLE "COPY ARGS" PATTERN...
	pci=$1
	role=$2
	copy_args=$3
	shift 3
	slot=$(slot_of "$pci") || fail "no hotplug slot holds $pci: is pciehp bound?"
	[ "$(cat "$slot/power")" = 1 ] || fail "slot $slot of $pci is not powered"
	lose_device_mid_job "$role" "$copy_args" "echo 0 >$slot/power" "$@"
	[ ! -e "/sys/bus/pci/devices/$pci" ] || fail "$pci is still there after its slot was powered off"
	[ "$(cat "$slot/power")" = 0 ] || fail "slot $slot reads powered after power off"
}

[ -b "$P2PDMA_HOTPLUG" ] && [ -n "$P2PDMA_HOTPLUG_PROVIDER" ] || fail "the bed's spare devices hot0 and hotcmb0 are missing"
hot=$P2PDMA_HOTPLUG
power_off_during_job "$P2PDMA_HOTPLUG_PCI" destination "$P2PDMA_SRC $hot" \
	"failed: write .*$hot" "Input/output error"
power_off_during_job "$P2PDMA_HOTPLUG_PROVIDER" provider "$P2PDMA_SRC $P2PDMA_DST $P2PDMA_HOTPLUG_PROVIDER" \
	"No such device"
p2pdma copy --check --seed 91 -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null ||
	fail "copy after the slots were powered off"
