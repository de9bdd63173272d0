#!/bin/sh
# 'list' says which pairs can do P2P: the two plain NVMe behind the switch
# through the switch's CMB, and not the NVMe on the other root port.
# needs: src dst provider far
. ./lib.sh
load_module
p2pdma list >/tmp/list.out || fail "p2pdma list"
cat /tmp/list.out
grep -Eq "^  ($P2PDMA_SRC <-> $P2PDMA_DST|$P2PDMA_DST <-> $P2PDMA_SRC) +p2p through $P2PDMA_PROVIDER" /tmp/list.out ||
	fail "the switch pair is not shown as p2p through $P2PDMA_PROVIDER"
grep -Eq "^  ($P2PDMA_SRC <-> $P2PDMA_FAR|$P2PDMA_FAR <-> $P2PDMA_SRC) +no provider" /tmp/list.out ||
	fail "the cross-root-port pair is not shown as unsupported"
