#!/bin/sh
# A destination block corrupted after the copy is caught by 'check', which
# names its byte offset and what it holds instead; a clean one passes.
# needs: src dst destructive
. ./lib.sh
load_module
p2pdma fill --seed 12 -l 1M "$P2PDMA_SRC" || fail "fill"
p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null || fail "copy"
p2pdma check --seed 12 -l 1M "$P2PDMA_DST" || fail "a clean copy does not check out"
# Block 300 (byte 153600) gets the contents of source block 7.
dd if="$P2PDMA_SRC" of="$P2PDMA_DST" bs=512 skip=7 seek=300 count=1 \
	iflag=direct oflag=direct conv=notrunc 2>/dev/null || fail "dd"
p2pdma check --seed 12 -l 1M "$P2PDMA_DST" >/tmp/check.out && fail "corruption not caught"
cat /tmp/check.out
grep -q "MISMATCH in 1 of 2048 blocks" /tmp/check.out || fail "wrong count of bad blocks"
grep -q "byte offset 153600: expected source block 300, found source block 7 (misplaced)" \
	/tmp/check.out || fail "wrong mismatch report"
# And 'copy --check' refuses what it could not verify: a usage error.
expect_status 2 "needs both" \
	p2pdma copy --check --seed 13 -s 64k -c 16 --skip-write "$P2PDMA_SRC" "$P2PDMA_DST"
