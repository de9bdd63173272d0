#!/bin/sh
# A zoned destination (the bed's ZNS namespace, host-managed) is refused
# by the kernel, naming it zoned: the engine writes chunks out of order,
# which a sequential zone rejects midway.  Nothing is written to it.
# needs: src zoned destructive
. ./lib.sh
load_module
[ -n "$P2PDMA_ZONED" ] || fail "no NVMe with serial zns0 in the guest"
zoned=$(cat "/sys/block/${P2PDMA_ZONED#/dev/}/queue/zoned")
[ "$zoned" = host-managed ] || fail "$P2PDMA_ZONED is '$zoned', not host-managed"
p2pdma fill --seed 32 -l 1M "$P2PDMA_SRC" || fail "fill"
range_sum_to before "$P2PDMA_ZONED" 0 1048576
range_sum_to before2 "$P2PDMA_ZONED" 4194304 1048576
# Host memory: no p2p path to refuse it on, only its zones.
expect_refusal "copy refused:.*zoned" p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_ZONED" none
expect_refusal "copy refused:.*zoned" p2pdma copy -s 64k -c 16 --dst-offset 4M "$P2PDMA_SRC" "$P2PDMA_ZONED" none
range_sum_to now "$P2PDMA_ZONED" 0 1048576
[ "$now" = "$before" ] || fail "the zoned destination changed"
range_sum_to now "$P2PDMA_ZONED" 4194304 1048576
[ "$now" = "$before2" ] || fail "the zoned destination's second zone changed"
