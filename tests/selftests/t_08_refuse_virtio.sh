# A virtio-blk queue does not do P2PDMA: refused, naming the device.
. ./lib.sh
load_module
[ -n "$BED_VIRT" ] || fail "no virtio disk with serial virt0"
expect_refusal "$BED_VIRT: queue does not support PCI peer-to-peer DMA" \
	p2pdma copy -s 64k -c 16 "$BED_VIRT" "$BED_DST"
expect_refusal "$BED_VIRT: queue does not support PCI peer-to-peer DMA" \
	p2pdma copy -s 64k -c 16 "$BED_SRC" "$BED_VIRT"
# Host memory needs no P2P path, so the same pair copies there.
p2pdma copy -s 64k -c 16 "$BED_VIRT" "$BED_DST" none || fail "host copy from virtio failed"
