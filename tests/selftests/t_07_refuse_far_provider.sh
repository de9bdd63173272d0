#!/bin/sh
# The CMB on the other root port cannot serve the switch pair (q35's host
# bridge is not whitelisted): refused with a reason, nothing written.
# needs: src dst far destructive
. ./lib.sh
load_module
[ -n "$P2PDMA_FAR_PCI" ] || fail "no NVMe with serial far0"
range_sum_to before "$P2PDMA_DST" 0 1048576
expect_refusal "no P2P path from provider $P2PDMA_FAR_PCI: the host bridge does not forward P2P" \
	p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_FAR_PCI"
range_sum_to after "$P2PDMA_DST" 0 1048576
[ "$after" = "$before" ] || fail "the destination changed"
expect_refusal "no published p2pmem provider is reachable" \
	p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_FAR"
