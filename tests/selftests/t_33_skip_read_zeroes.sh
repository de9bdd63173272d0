#!/bin/sh
# --skip-read writes zeroed buffers, never what the memory last held: a
# copy first leaves its pattern in the buffers (p2pmem of the switch's CMB,
# then host memory), then --skip-read over a range filled with another
# pattern must leave that range all zeroes.
# needs: src dst destructive
. ./lib.sh
load_module
zeros_sum_to zeros 1048576
for provider in auto none; do
	p2pdma fill --seed 33 -l 1M "$P2PDMA_SRC" || fail "fill source"
	p2pdma copy -s 64k -q 4 -l 1M "$P2PDMA_SRC" "$P2PDMA_DST" "$provider" >/dev/null ||
		fail "copy ($provider) to fill the buffers"
	p2pdma fill --seed 34 -l 1M --offset 2M "$P2PDMA_DST" || fail "fill destination"
	range_sum_to now "$P2PDMA_DST" 2097152 1048576
	[ "$now" != "$zeros" ] || fail "the pattern fill left zeroes"
	p2pdma copy --skip-read -s 64k -q 4 -l 1M --dst-offset 2M "$P2PDMA_SRC" "$P2PDMA_DST" "$provider" \
		>/tmp/skip.out 2>&1 || { cat /tmp/skip.out; fail "--skip-read copy ($provider)"; }
	range_sum_to now "$P2PDMA_DST" 2097152 1048576
	[ "$now" = "$zeros" ] ||
		fail "--skip-read ($provider) wrote something other than zeroes"
	echo "--skip-read ($provider) wrote zeroes"
done
