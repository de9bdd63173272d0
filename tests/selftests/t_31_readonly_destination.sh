#!/bin/sh
# A read-only destination (blockdev --setro) is refused by the kernel,
# naming it read-only, in p2p and host mode, and is left unchanged (the
# block layer itself only warns about a write to a read-only device).  Made
# writable again, it copies.
# needs: src dst destructive
. ./lib.sh
load_module
name=${P2PDMA_DST#/dev/}
trap 'blockdev --setrw "$P2PDMA_DST"' EXIT
p2pdma fill --seed 31 -l 1M "$P2PDMA_SRC" || fail "fill"
range_sum_to before "$P2PDMA_DST" 0 1048576
blockdev --setro "$P2PDMA_DST" || fail "blockdev --setro"
[ "$(cat "/sys/block/$name/ro")" = 1 ] || fail "$P2PDMA_DST is not read-only after --setro"
expect_refusal "copy refused:.*read-only" p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST"
expect_refusal "copy refused:.*read-only" p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" none
range_sum_to now "$P2PDMA_DST" 0 1048576
[ "$now" = "$before" ] || fail "the read-only destination changed"
blockdev --setrw "$P2PDMA_DST" || fail "blockdev --setrw"
p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null || fail "copy once writable again"
p2pdma check --seed 31 -l 1M "$P2PDMA_DST" >/dev/null || fail "data once writable again"
