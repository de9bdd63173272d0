#!/bin/sh
# The runner reads what it is given as it is written, and refuses what it
# cannot take before anything is written: sizes are decimal ("01000" is a
# thousand bytes, so not a multiple of 512, and "01024" is 1024, so it
# copies -- read as octal they would swap); and as usage errors (exit
# status 2) a chunk size of 0 or above the module's 4 MiB, and a device
# path longer than the 255 bytes the module takes, even one that names a
# real device.
# needs: src dst destructive
. ./lib.sh
load_module
range_sum_to before "$P2PDMA_DST" 0 1048576
# Refused by whichever sees it first, the runner (2) or the kernel's dry
# run (1): what matters is that 1000 was asked for.
expect_refusal "multiple" p2pdma copy -s 64k -c 16 --src-offset 01000 "$P2PDMA_SRC" "$P2PDMA_DST"
expect_refusal "multiple" p2pdma copy -s 64k -c 16 --dst-offset 01000 "$P2PDMA_SRC" "$P2PDMA_DST"
expect_status 2 "chunk" p2pdma copy -s 0 -c 16 "$P2PDMA_SRC" "$P2PDMA_DST"
expect_status 2 "--chunk_size" p2pdma copy -s 8M -c 2 "$P2PDMA_SRC" "$P2PDMA_DST"
# /dev/./././.../nvmeXn1: a path to the real device, some 300 bytes long.
long=/dev
while [ $((${#long} + ${#P2PDMA_DST} - 4)) -lt 300 ]; do long=$long/.; done
long_dst=$long/${P2PDMA_DST#/dev/}
long_src=$long/${P2PDMA_SRC#/dev/}
[ -b "$long_dst" ] && [ -b "$long_src" ] && [ ${#long_dst} -gt 255 ] || fail "test setup: $long_dst"
echo "a path of ${#long_dst} bytes"
expect_status 2 "too long" p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$long_dst"
expect_status 2 "too long" p2pdma copy -s 64k -c 16 "$long_src" "$P2PDMA_DST"
range_sum_to now "$P2PDMA_DST" 0 1048576
[ "$now" = "$before" ] || fail "a refused copy wrote the destination"

# "01024" is 1024: two 512-byte blocks from byte 1024 land at 4 MiB (zeroed
# first, and every source block differs, so only that copy makes them match).
p2pdma fill --seed 39 -l 1M "$P2PDMA_SRC" || fail "fill"
dd if=/dev/zero of="$P2PDMA_DST" bs=512 seek=8192 count=2 oflag=direct conv=notrunc 2>/dev/null ||
	fail "zero the destination blocks"
p2pdma copy -s 512 -c 2 --src-offset 01024 --dst-offset 4M "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/copy.out 2>&1 ||
	{ cat /tmp/copy.out; fail "--src-offset 01024 refused"; }
range_sum_to src_sum "$P2PDMA_SRC" 1024 1024
range_sum_to dst_sum "$P2PDMA_DST" 4194304 1024
[ "$src_sum" = "$dst_sum" ] || fail "--src-offset 01024 did not copy from byte 1024"
