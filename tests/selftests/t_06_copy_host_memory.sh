#!/bin/sh
# Each engine with host memory buffers ('none'), for comparison.
# needs: src dst destructive
. ./lib.sh
load_module
for engine in kernel user; do
	p2pdma copy --engine $engine --check --seed 6 -s 64k -c 32 "$P2PDMA_SRC" "$P2PDMA_DST" none \
		>/tmp/copy.out 2>&1 || { cat /tmp/copy.out; fail "copy ($engine) failed"; }
	cat /tmp/copy.out
	grep -q "buffer   host memory" /tmp/copy.out || fail "not copied through host memory"
	range_sum_to src_sum "$P2PDMA_SRC" 0 2097152
	range_sum_to dst_sum "$P2PDMA_DST" 0 2097152
	[ "$src_sum" = "$dst_sum" ] || fail "checksums of source and destination differ ($engine)"
done
