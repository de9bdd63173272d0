#!/bin/sh
# A copy between the two plain NVMe through the switch's CMB provider,
# verified byte for byte by the runner and again by checksums read with
# O_DIRECT, independently of the module; by each engine.
# needs: src dst provider destructive
. ./lib.sh
load_module
for engine in $(p2p_engines); do
	p2pdma copy --engine $engine --check --seed 4 -s 64k -c 64 -q 8 "$P2PDMA_SRC" "$P2PDMA_DST" \
		>/tmp/copy.out 2>&1 || { cat /tmp/copy.out; fail "copy ($engine) failed"; }
	cat /tmp/copy.out
	grep -q "p2pmem of $P2PDMA_PROVIDER" /tmp/copy.out || fail "not copied through $P2PDMA_PROVIDER"
	grep -q "destination $P2PDMA_DST: all 8192 blocks match" /tmp/copy.out ||
		fail "no full match reported ($engine)"
	range_sum_to src_sum "$P2PDMA_SRC" 0 4194304
	range_sum_to dst_sum "$P2PDMA_DST" 0 4194304
	[ "$src_sum" = "$dst_sum" ] || fail "checksums of source and destination differ ($engine)"
done
