#!/bin/sh
# A port with ACS P2P Request Redirect between two devices sends their
# peer-to-peer requests up to the root complex.  On a host whose root
# complex the kernel does not trust for P2P (this one: not AMD Zen, q35's
# host bridge not whitelisted) the pair is refused, even though both sit
# below the same port.  The bed turns RR on for root port 00:09.0 at boot
# (pci=config_acs; on 6.1 acs_redirect_on sets it); the two functions
# below it are the pair.  The refusal
# and doctor name the port, its ACS bits and the kernel parameter that
# clears them, and nothing is written.
# needs: acs0 acs1 destructive
. ./lib.sh
load_module
host_bridge_forwards_p2p &&
	skip "this host's root complex forwards P2P (AMD Zen): the pair is mapped through it (t_54), not refused"
# The port the pair sits below (the bed's root port 00:09.0).
port=$(upstream_port "$P2PDMA_ACS0_PCI") || fail "no port above $P2PDMA_ACS0_PCI"
[ "$(upstream_port "$P2PDMA_ACS1_PCI")" = "$port" ] ||
	fail "P2PDMA_ACS0 and P2PDMA_ACS1 are not below one port"

acs_redirect_on $port
range_sum_to before "$P2PDMA_ACS0" 0 65536
expect_refusal "ACS redirect on $port" \
	p2pdma copy -s 64k -c 1 "$P2PDMA_ACS1" "$P2PDMA_ACS0" "$P2PDMA_ACS0_PCI"
grep -q "RequestRedirect" /tmp/refusal.out || fail "the refusal does not name the ACS bit"
grep -q "pci=disable_acs_redir=$port" /tmp/refusal.out ||
	fail "the refusal does not give the kernel parameter that clears it"
# Left to pick a provider, the kernel finds none for the pair and says no
# more; the runner asks it about each and names the port in the way.
expect_refusal "port $port has ACS .*RequestRedirect" \
	p2pdma copy -s 64k -c 1 "$P2PDMA_ACS1" "$P2PDMA_ACS0"
range_sum_to after "$P2PDMA_ACS0" 0 65536
[ "$after" = "$before" ] || fail "the refused copy changed $P2PDMA_ACS0"

if p2pdma doctor "$P2PDMA_ACS1" "$P2PDMA_ACS0" >/tmp/doc.out; then
	cat /tmp/doc.out
	fail "doctor judged the ACS pair fine"
fi
cat /tmp/doc.out
grep -q "$port.*RequestRedirect.*pci=disable_acs_redir=$port" /tmp/doc.out ||
	fail "doctor does not name the port, its ACS bit and the parameter"
