# shellcheck shell=bash
# Pieces more than one machine has; sourced by the topologies, which
# bed.sh sources with drive(), $work and $kernel set.  Each appends to
# topology_devices, topology_disks and topology_append.

# A root port, QEMU's x3130 switch below it (its ports have no ACS) and
# three downstream ports: cmb0 (64 MiB CMB), src1 and dst2, the pair the
# kernel maps by bus address.
switch_trio() {
	topology_disks+=" cmb0:64M src1:256M dst2:256M"
	topology_devices+=(
		-device pcie-root-port,id=rp1,chassis=1,slot=1
		-device x3130-upstream,id=up1,bus=rp1
		-device xio3130-downstream,id=dn1,bus=up1,chassis=2,slot=1
		-device xio3130-downstream,id=dn2,bus=up1,chassis=3,slot=2
		-device xio3130-downstream,id=dn3,bus=up1,chassis=4,slot=3
		$(drive cmb0) -device nvme,serial=cmb0,drive=cmb0,bus=dn1,cmb_size_mb=64
		$(drive src1) -device nvme,serial=src1,drive=src1,bus=dn2
		$(drive dst2) -device nvme,serial=dst2,drive=dst2,bus=dn3
	)
}

# Two NVMe functions of one device, the first with a 64 MiB CMB, on a root
# port at a fixed address (00:09.0) whose ACS P2P Request Redirect the
# kernel turns on at boot (pci=config_acs, 6.11+; on 6.1 the tests set it
# through the port's config file): QEMU's root ports have ACS.
acs_pair() {
	topology_disks+=" acs0:64M acs1:64M"
	[ "$kernel" = 6.1 ] || topology_append+=" pci=config_acs=1xx@0000:00:09.0"
	topology_devices+=(
		-device pcie-root-port,id=rp9,chassis=10,slot=10,bus=pcie.0,addr=0x9
		$(drive acs0) -device nvme,serial=acs0,drive=acs0,bus=rp9,addr=0.0,multifunction=on,cmb_size_mb=64
		$(drive acs1) -device nvme,serial=acs1,drive=acs1,bus=rp9,addr=0.1
	)
}
