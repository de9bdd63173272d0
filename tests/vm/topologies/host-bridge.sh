# shellcheck shell=bash
# Sourced by bed.sh, which provides drive() and $work.
topology_summary="an AMD EPYC server: NVMe on separate root ports, P2P through the host bridge (which the kernel trusts on AMD Zen), next to a switch pair mapped by bus address"
# Family 17h: cpu_supports_p2pdma() trusts the root complex.
topology_cpu=EPYC
topology_disks="cmb0:64M src1:256M dst2:256M hbcmb0:64M hbsrc1:256M hbdst2:256M"
topology_append=""
# host_bridge_devices is shared with host-bridge-iommu.sh.
host_bridge_devices() {
	topology_devices+=(
		-device pcie-root-port,id=rp1,chassis=1,slot=1
		-device x3130-upstream,id=up1,bus=rp1
		-device xio3130-downstream,id=dn1,bus=up1,chassis=2,slot=1
		-device xio3130-downstream,id=dn2,bus=up1,chassis=3,slot=2
		-device xio3130-downstream,id=dn3,bus=up1,chassis=4,slot=3
		$(drive cmb0) -device nvme,serial=cmb0,drive=cmb0,bus=dn1,cmb_size_mb=64
		$(drive src1) -device nvme,serial=src1,drive=src1,bus=dn2
		$(drive dst2) -device nvme,serial=dst2,drive=dst2,bus=dn3
		-device pcie-root-port,id=rp4,chassis=11,slot=11
		$(drive hbcmb0) -device nvme,serial=hbcmb0,drive=hbcmb0,bus=rp4,cmb_size_mb=64
		-device pcie-root-port,id=rp5,chassis=12,slot=12
		$(drive hbsrc1) -device nvme,serial=hbsrc1,drive=hbsrc1,bus=rp5
		-device pcie-root-port,id=rp6,chassis=13,slot=13
		$(drive hbdst2) -device nvme,serial=hbdst2,drive=hbdst2,bus=rp6
	)
}
topology_devices=()
host_bridge_devices
