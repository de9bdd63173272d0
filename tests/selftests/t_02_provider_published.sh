#!/bin/sh
# The CMB behind the switch is a published p2pmem provider (of 64 MiB in
# the bed), and the module's provider list names it.
# needs: provider
. ./lib.sh
load_module
[ -n "$P2PDMA_PROVIDER" ] || fail "no NVMe with serial cmb0 in the guest"
d=/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem
[ -d "$d" ] || fail "$P2PDMA_PROVIDER has no p2pmem directory"
[ "$(cat $d/published)" = 1 ] || fail "$P2PDMA_PROVIDER p2pmem not published"
size=$(cat $d/size)
# The bed's CMB is 64 MiB; a lab's is whatever its drive offers.
if [ -n "$BED_TOPOLOGY" ]; then
	[ "$size" = 67108864 ] || fail "$P2PDMA_PROVIDER p2pmem size $size, not the bed's 64 MiB"
else
	[ "$size" -gt 0 ] || fail "$P2PDMA_PROVIDER p2pmem size $size"
fi
p2pdma list >/tmp/list.out 2>&1 || { cat /tmp/list.out; fail "p2pdma list"; }
cat /tmp/list.out
grep -q "^  $P2PDMA_PROVIDER .*published" /tmp/list.out || fail "list does not show $P2PDMA_PROVIDER"
