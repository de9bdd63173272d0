#!/bin/sh
# bed-topologies: host-bridge-iommu
# Under a translating IOMMU the kernel still maps a switch-local pair by
# PCI bus address (checked here), which real switches route below the
# root complex.  QEMU models no such routing: it sends every device's DMA
# through its IOMMU, where a bus address has no mapping, so the copy would
# fault in the bed though it works on hardware.  That copy is not run.
# needs: src dst destructive
. ./lib.sh
load_module
p2pdma list -j >/tmp/list.json || fail "list"
mapping=$(jq -r --arg s "$P2PDMA_SRC" --arg d "$P2PDMA_DST" \
	'.pairs[] | select([.a, .b] | sort == ([$s, $d] | sort)) | .mapping' /tmp/list.json)
[ "$mapping" = bus-address ] ||
	{ cat /tmp/list.json; fail "the switch pair is mapped '$mapping', not by bus address"; }
skip_bed_cannot "bus-address P2P under a translating IOMMU: QEMU sends switch-local DMA through the IOMMU, where real switches route it locally, so the copy would fault here"
