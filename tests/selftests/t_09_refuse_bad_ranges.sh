#!/bin/sh
# Parameters the devices cannot take are refused before any I/O.
# needs: src dst destructive
. ./lib.sh
load_module
range_sum_to before "$P2PDMA_DST" 0 1048576
expect_refusal "not a multiple of the logical block size" \
	p2pdma copy -s 1000 -c 4 "$P2PDMA_SRC" "$P2PDMA_DST"
# The runner sees this one coming; nl-badinput sends it to the kernel.
expect_refusal "needs more room than" \
	p2pdma copy -s 64k -c 4 --dst-offset 268369920 "$P2PDMA_SRC" "$P2PDMA_DST"
expect_refusal "overlap on the same device" \
	p2pdma copy -s 64k -c 16 --dst-offset 512k "$P2PDMA_SRC" "$P2PDMA_SRC"
range_sum_to after "$P2PDMA_DST" 0 1048576
[ "$after" = "$before" ] || fail "the destination changed"
