# shellcheck shell=bash
# Sourced by bed.sh, which provides drive() and $work.
topology_summary="a PCIe switch (no ACS) with a CMB NVMe and its peers, on an Intel-like host whose host bridge is not trusted for P2P: the everyday lab box or a JBOF"
topology_cpu=max,la57=off
topology_disks="cmb0:64M src1:256M dst2:256M far0:64M virt0:64G zns0:64M hot0:64M hotcmb0:64M acs0:64M acs1:64M"
# One switch (root port -> x3130 upstream -> five downstream ports) with a
# CMB NVMe and two plain NVMe; a CMB NVMe alone on a second root port, which
# q35's host bridge cannot reach peer-to-peer; a virtio-blk disk; a zoned
# namespace (4 MiB zones, capacity = size) on a third root port.  Two
# more NVMe are there to be hot-removed through their slots (t_91): one on
# a fourth downstream port, one with a CMB behind a second switch below a
# fifth, farther from src1 and dst2 than cmb0 so never the provider picked
# for them.  And two NVMe functions of one device, the first with a CMB,
# on a root port at a fixed address (00:09.0) whose ACS P2P Request
# Redirect the kernel turns on at boot (pci=config_acs, 6.11+): QEMU's root
# ports have ACS, its switch ports do not.
topology_append="pci=config_acs=1xx@0000:00:09.0"
topology_devices=(
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
	-device pcie-root-port,id=rp9,chassis=10,slot=10,bus=pcie.0,addr=0x9
	$(drive acs0) -device nvme,serial=acs0,drive=acs0,bus=rp9,addr=0.0,multifunction=on,cmb_size_mb=64
	$(drive acs1) -device nvme,serial=acs1,drive=acs1,bus=rp9,addr=0.1
)
