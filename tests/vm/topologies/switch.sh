# shellcheck shell=bash
# Sourced by bed.sh, which provides drive(), $work and $kernel.
. "$(dirname "${BASH_SOURCE[0]}")/parts.bash"
topology_summary="a PCIe switch (no ACS) with a CMB NVMe and its peers, on an Intel-like host whose host bridge is not trusted for P2P: the everyday lab box or a JBOF"
topology_cpu=max,la57=off
# The switch trio; a CMB NVMe alone on a second root port, which q35's host
# bridge cannot reach peer-to-peer; a virtio-blk disk; a zoned namespace
# (4 MiB zones, capacity = size) on a third root port.  Two more NVMe are
# there to be hot-removed through their slots (t_91): one on a fourth
# downstream port, one with a CMB behind a second switch below a fifth,
# farther from src1 and dst2 than cmb0 so never the provider picked for
# them.  And the ACS pair, which this host must refuse (t_50).
topology_disks="far0:64M virt0:64G zns0:64M hot0:64M hotcmb0:64M"
topology_append=
topology_devices=()
switch_trio
topology_devices+=(
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
acs_pair
