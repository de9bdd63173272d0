# shellcheck shell=bash
# Sourced by bed.sh, which provides drive(), $work and $kernel.
. "$(dirname "${BASH_SOURCE[0]}")/parts.bash"
topology_summary="an AMD EPYC server: NVMe on separate root ports, P2P through the host bridge (which the kernel trusts on AMD Zen), next to a switch pair mapped by bus address"
# Family 17h: cpu_supports_p2pdma() trusts the root complex.
topology_cpu=EPYC
# The machine, shared with host-bridge-iommu.sh, which puts its IOMMU
# first (the arguments): the switch trio, three NVMe on root ports of their
# own (hbcmb0 with a CMB), and the ACS pair, which this host maps through
# the host bridge instead of refusing it (t_54).
host_bridge_machine() {
	topology_disks="hbcmb0:64M hbsrc1:256M hbdst2:256M"
	topology_append=
	topology_devices=("$@")
	switch_trio
	topology_devices+=(
		-device pcie-root-port,id=rp4,chassis=11,slot=11
		$(drive hbcmb0) -device nvme,serial=hbcmb0,drive=hbcmb0,bus=rp4,cmb_size_mb=64
		-device pcie-root-port,id=rp5,chassis=12,slot=12
		$(drive hbsrc1) -device nvme,serial=hbsrc1,drive=hbsrc1,bus=rp5
		-device pcie-root-port,id=rp6,chassis=13,slot=13
		$(drive hbdst2) -device nvme,serial=hbdst2,drive=hbdst2,bus=rp6
	)
	acs_pair
}
host_bridge_machine
