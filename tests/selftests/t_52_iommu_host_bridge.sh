#!/bin/sh
# bed-topologies: host-bridge-iommu
# With the IOMMU translating DMA, host-bridge P2P gets IOVAs for the p2p
# pages and still works, verified; then the same devices' IOMMU groups are
# switched to identity (what iommu=pt does at boot) and it works again.
# needs: hb-src hb-dst hb-provider destructive
. ./lib.sh
load_module
hb_pcis="$P2PDMA_HB_PROVIDER $P2PDMA_HB_SRC_PCI $P2PDMA_HB_DST_PCI"
[ -b "$P2PDMA_HB_SRC" ] && [ -b "$P2PDMA_HB_DST" ] && [ -n "$P2PDMA_HB_PROVIDER" ] ||
	fail "the bed's root-port devices (hbsrc1, hbdst2, hbcmb0) are missing"

domain_type() { cat "/sys/bus/pci/devices/$1/iommu_group/type" 2>/dev/null || echo none; }

copy_host_bridge() {	# SEED
	p2pdma copy --check --seed "$1" -j -s 64k -c 16 "$P2PDMA_HB_SRC" "$P2PDMA_HB_DST" "$P2PDMA_HB_PROVIDER" >/tmp/copy.json ||
		{ cat /tmp/copy.json; fail "copy through the host bridge, domains $(domain_type "$P2PDMA_HB_SRC_PCI")"; }
	[ "$(json_get .job.mapping /tmp/copy.json)" = host-bridge ] ||
		{ cat /tmp/copy.json; fail "the copy is not said to go through the host bridge"; }
}

for pci in $hb_pcis; do
	case $(domain_type "$pci") in
	DMA|DMA-FQ) ;;
	*) fail "$pci's IOMMU domain is $(domain_type "$pci"), not translating" ;;
	esac
done
copy_host_bridge 52
echo "translating IOMMU: verified through the host bridge"

hb_back() {
	rediscover
	[ -b "$P2PDMA_HB_SRC" ] && [ -b "$P2PDMA_HB_DST" ] &&
		[ "$(cat "/sys/bus/pci/devices/$P2PDMA_HB_PROVIDER/p2pmem/published" 2>/dev/null)" = 1 ]
}
for pci in $hb_pcis; do
	echo "$pci" >/sys/bus/pci/drivers/nvme/unbind || fail "unbind $pci"
	echo identity >"/sys/bus/pci/devices/$pci/iommu_group/type" ||
		fail "cannot switch $pci's IOMMU group to identity"
	echo "$pci" >/sys/bus/pci/drivers/nvme/bind || fail "bind $pci"
done
poll_until 30 hb_back || fail "the devices did not come back after the switch to identity"
for pci in $hb_pcis; do
	[ "$(domain_type "$pci")" = identity ] || fail "$pci's domain is $(domain_type "$pci")"
done
copy_host_bridge 53
echo "identity (iommu=pt) domains: verified through the host bridge"
