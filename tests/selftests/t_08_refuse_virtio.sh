#!/bin/sh
# A virtio-blk queue does not do P2PDMA: refused, naming the device.
# needs: src dst nonp2p destructive
. ./lib.sh
load_module
[ -n "$P2PDMA_NONP2P" ] || fail "no virtio disk with serial virt0"
expect_refusal "$P2PDMA_NONP2P: queue does not support PCI peer-to-peer DMA" \
	p2pdma copy -s 64k -c 16 "$P2PDMA_NONP2P" "$P2PDMA_DST"
expect_refusal "$P2PDMA_NONP2P: queue does not support PCI peer-to-peer DMA" \
	p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_NONP2P"
# Host memory needs no P2P path, so the same pair copies there.
p2pdma copy -s 64k -c 16 "$P2PDMA_NONP2P" "$P2PDMA_DST" none || fail "host copy from virtio failed"
