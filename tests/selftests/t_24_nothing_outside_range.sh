#!/bin/sh
# A copy writes its range and not a byte more: the blocks just before and
# just after the destination range keep what they held.
# needs: src dst destructive
. ./lib.sh
load_module
p2pdma fill --seed 241 -l 1M "$P2PDMA_DST" || fail "fill before"
p2pdma fill --seed 243 -l 1M --offset 2M "$P2PDMA_DST" || fail "fill after"
p2pdma fill --seed 242 -l 1M "$P2PDMA_SRC" || fail "fill source"
p2pdma copy -s 64k -q 8 -l 1M --dst-offset 1M "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null || fail "copy"
p2pdma check --seed 241 -l 1M "$P2PDMA_DST" || fail "the megabyte before the range changed"
p2pdma check --seed 243 -l 1M --src-offset 2M --dst-offset 2M "$P2PDMA_DST" ||
	fail "the megabyte after the range changed"
p2pdma check --seed 242 -l 1M --dst-offset 1M "$P2PDMA_DST" || fail "the range itself"
