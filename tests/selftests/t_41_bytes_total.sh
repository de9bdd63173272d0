#!/bin/sh
# bytes_total is exact, not rounded to whole chunks or stripes: 3 chunks of
# 1 KiB over 2 streams in a 3584-byte range move 2560 bytes, and the JSON
# report says 2560 for both "bytes" and "bytes_total", from either engine.
# needs: src dst provider destructive
. ./lib.sh
load_module
for engine in $(p2p_engines); do
	p2pdma copy --engine $engine -j -l 3584 -s 1k -c 3 -t 2 "$P2PDMA_SRC" "$P2PDMA_DST" \
		>/tmp/bt.json 2>/tmp/bt.err || { cat /tmp/bt.json /tmp/bt.err; fail "copy ($engine)"; }
	cat /tmp/bt.json
	json_read /tmp/bt.json ran=.job.engine state=.job.state bytes=.job.bytes \
		total=.job.bytes_total || fail "the copy's JSON ($engine)"
	[ "$ran" != kernel ] || [ $engine = kernel ] || fail "--engine user ran in the kernel"
	[ "$state" = "done" ] || fail "the copy ($engine) did not end done"
	[ "$bytes" = 2560 ] || fail "\"bytes\" is $bytes, not 2560 ($engine)"
	[ "$total" = 2560 ] || fail "\"bytes_total\" is $total, not 2560 ($engine)"
done
