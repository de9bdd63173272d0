#!/bin/sh
# A copy whose destination is the provider itself: the CMB device's own
# memory is the buffer, named explicitly by PCI address; by each engine.
# needs: src provider provider-disk destructive
. ./lib.sh
load_module
for engine in $(p2p_engines); do
	p2pdma copy --engine $engine --check --seed 5 -s 128k -c 16 -q 4 --dst-offset 1M \
		"$P2PDMA_SRC" "$P2PDMA_PROVIDER_DISK" "$P2PDMA_PROVIDER" >/tmp/copy.out 2>&1 ||
		{ cat /tmp/copy.out; fail "copy ($engine) failed"; }
	cat /tmp/copy.out
	grep -q "p2pmem of $P2PDMA_PROVIDER" /tmp/copy.out || fail "not copied through $P2PDMA_PROVIDER"
	range_sum_to src_sum "$P2PDMA_SRC" 0 2097152
	range_sum_to dst_sum "$P2PDMA_PROVIDER_DISK" 1048576 2097152
	[ "$src_sum" = "$dst_sum" ] || fail "checksums of source and destination differ ($engine)"
done
