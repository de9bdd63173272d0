#!/bin/sh
# bed-topologies: host-bridge
# On an AMD Zen host the kernel lets P2P cross the root complex: NVMe on
# three separate root ports copy through the CMB of one of them, verified
# byte for byte, and the job, list and doctor say the copy goes through
# the host bridge; the switch pair next to them goes by bus address, and
# a pair with one device on each side goes through the host bridge.
# needs: src dst provider hb-src hb-dst hb-provider destructive
. ./lib.sh
load_module
[ -b "$P2PDMA_HB_SRC" ] && [ -b "$P2PDMA_HB_DST" ] && [ -n "$P2PDMA_HB_PROVIDER" ] ||
	fail "the bed's root-port devices (hbsrc1, hbdst2, hbcmb0) are missing"

copy_maps() {	# SRC DST PROVIDER SEED MAPPING
	p2pdma copy --check --seed "$4" -j -s 64k -c 16 "$1" "$2" "$3" >/tmp/copy.json ||
		{ cat /tmp/copy.json; fail "copy $1 -> $2 through $3"; }
	got=$(json_get .job.mapping /tmp/copy.json)
	[ "$got" = "$5" ] || { cat /tmp/copy.json; fail "copy $1 -> $2 through $3 mapped '$got', not $5"; }
	echo "copy $1 -> $2 through $3: verified, $got"
}
copy_maps "$P2PDMA_HB_SRC" "$P2PDMA_HB_DST" "$P2PDMA_HB_PROVIDER" 51 host-bridge
copy_maps "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_PROVIDER" 52 bus-address
copy_maps "$P2PDMA_SRC" "$P2PDMA_HB_DST" "$P2PDMA_PROVIDER" 53 host-bridge

p2pdma list >/tmp/list.out || fail "list"
grep -Eq "($P2PDMA_HB_SRC <-> $P2PDMA_HB_DST|$P2PDMA_HB_DST <-> $P2PDMA_HB_SRC) .*host bridge" /tmp/list.out ||
	{ cat /tmp/list.out; fail "list does not say the root-port pair goes through the host bridge"; }
grep -Eq "($P2PDMA_SRC <-> $P2PDMA_DST|$P2PDMA_DST <-> $P2PDMA_SRC) .*bus address" /tmp/list.out ||
	{ cat /tmp/list.out; fail "list does not say the switch pair goes by bus address"; }

p2pdma doctor "$P2PDMA_HB_SRC" "$P2PDMA_HB_DST" >/tmp/doc.out || { cat /tmp/doc.out; fail "doctor judged the root-port pair broken"; }
grep -q "different root ports: P2P crosses the host bridge, which the kernel trusts on this AMD Zen CPU" /tmp/doc.out ||
	{ cat /tmp/doc.out; fail "doctor does not say the AMD Zen host bridge forwards P2P"; }
grep -q "accepts provider $P2PDMA_HB_PROVIDER.*host bridge" /tmp/doc.out ||
	{ cat /tmp/doc.out; fail "doctor does not say the provider is reached through the host bridge"; }
