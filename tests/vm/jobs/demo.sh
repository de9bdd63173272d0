#!/bin/sh
# Guest job of 'make demo': a verified P2P copy between the two plain NVMe
# devices through the switch's CMB, and what the runner sees around it.
. /selftests/devices.sh
set -e
insmod /lib/p2pdma_harness.ko
echo "== p2pdma list"
p2pdma list
echo
echo "== p2pdma copy --check -s 128k -c 256 -q 16 $P2PDMA_SRC $P2PDMA_DST  (auto provider)"
p2pdma --quiet copy --check -s 128k -c 256 -q 16 "$P2PDMA_SRC" "$P2PDMA_DST"
echo
echo "== the same through host memory, for comparison"
p2pdma --quiet copy --check -s 128k -c 256 -q 16 "$P2PDMA_SRC" "$P2PDMA_DST" none
rmmod p2pdma_harness
