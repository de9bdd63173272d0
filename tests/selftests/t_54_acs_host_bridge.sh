#!/bin/sh
# bed-topologies: host-bridge host-bridge-iommu
# On an AMD Zen host, ACS redirect does not refuse a pair below one port:
# the root complex forwards their P2P requests, so the kernel maps the path
# through the host bridge instead.  The switch machine's ACS pair (t_50)
# on an EPYC: the copy is verified and said to go through the host bridge,
# and doctor reports the ACS bit as the reason, not as a failure.
# needs: acs0 acs1 destructive
. ./lib.sh
load_module
host_bridge_forwards_p2p ||
	skip "needs a host whose root complex forwards P2P (AMD Zen); the pair is refused here (t_50)"
# The port the pair sits below (the bed's root port 00:09.0).
port=$(upstream_port "$P2PDMA_ACS0_PCI") || fail "no port above $P2PDMA_ACS0_PCI"
[ "$(upstream_port "$P2PDMA_ACS1_PCI")" = "$port" ] ||
	fail "P2PDMA_ACS0 and P2PDMA_ACS1 are not below one port"
acs_redirect_on $port

p2pdma copy --check --seed 54 -j -s 64k -c 16 "$P2PDMA_ACS1" "$P2PDMA_ACS0" "$P2PDMA_ACS0_PCI" >/tmp/copy.json ||
	{ cat /tmp/copy.json; fail "copy across the ACS port refused on an AMD Zen host"; }
[ "$(json_get .job.mapping /tmp/copy.json)" = host-bridge ] ||
	{ cat /tmp/copy.json; fail "the copy across the ACS port is not said to go through the host bridge"; }
echo "ACS pair: verified through the host bridge"

p2pdma doctor "$P2PDMA_ACS1" "$P2PDMA_ACS0" >/tmp/doc.out ||
	{ cat /tmp/doc.out; fail "doctor judged the ACS pair broken on an AMD Zen host"; }
cat /tmp/doc.out
grep -q "AMD Zen (family 0x17)" /tmp/doc.out || fail "doctor does not see the AMD Zen CPU"
grep -q "^\[info\] bridge $port .*RequestRedirect.*forwards them on this AMD Zen host" /tmp/doc.out ||
	fail "doctor does not explain the ACS bit on $port"
grep -q "accepts provider $P2PDMA_ACS0_PCI .*host bridge" /tmp/doc.out ||
	fail "doctor does not say the kernel maps the pair through the host bridge"
grep -q "port $port has ACS .*that is why this pair goes through the host bridge" /tmp/doc.out ||
	fail "doctor does not say which port sends the pair through the host bridge"
