# A read-only destination (blockdev --setro) is refused by the kernel,
# naming it read-only, in p2p and host mode, and is left unchanged (the
# block layer itself only warns about a write to a read-only device).  Made
# writable again, it copies.
. ./lib.sh
load_module
name=${BED_DST#/dev/}
trap 'blockdev --setrw "$BED_DST"' EXIT
p2pdma fill --seed 31 -l 1M "$BED_SRC" || fail "fill"
range_sum_to before "$BED_DST" 0 1048576
blockdev --setro "$BED_DST" || fail "blockdev --setro"
[ "$(cat "/sys/block/$name/ro")" = 1 ] || fail "$BED_DST is not read-only after --setro"
expect_refusal "copy refused:.*read-only" p2pdma copy -s 64k -c 16 "$BED_SRC" "$BED_DST"
expect_refusal "copy refused:.*read-only" p2pdma copy -s 64k -c 16 "$BED_SRC" "$BED_DST" none
range_sum_to now "$BED_DST" 0 1048576
[ "$now" = "$before" ] || fail "the read-only destination changed"
blockdev --setrw "$BED_DST" || fail "blockdev --setrw"
p2pdma copy -s 64k -c 16 "$BED_SRC" "$BED_DST" >/dev/null || fail "copy once writable again"
p2pdma check --seed 31 -l 1M "$BED_DST" >/dev/null || fail "data once writable again"
