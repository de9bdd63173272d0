# The same engine with host memory buffers ('none'), for comparison.
. ./lib.sh
load_module
p2pdma copy --check --seed 6 -s 64k -c 32 "$BED_SRC" "$BED_DST" none | tee /tmp/copy.out ||
	fail "copy failed"
grep -q "buffer   host memory" /tmp/copy.out || fail "not copied through host memory"
[ "$(range_sum "$BED_SRC" 0 2097152)" = "$(range_sum "$BED_DST" 0 2097152)" ] ||
	fail "checksums of source and destination differ"
