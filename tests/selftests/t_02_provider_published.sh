#!/bin/sh
# The CMB behind the switch is a published p2pmem provider of 64 MiB, and
# the module's provider list names it.
# needs: provider
. ./lib.sh
load_module
[ -n "$P2PDMA_PROVIDER" ] || fail "no NVMe with serial cmb0 in the guest"
d=/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem
[ -d "$d" ] || fail "$P2PDMA_PROVIDER has no p2pmem directory"
[ "$(cat $d/published)" = 1 ] || fail "$P2PDMA_PROVIDER p2pmem not published"
[ "$(cat $d/size)" = 67108864 ] || fail "$P2PDMA_PROVIDER p2pmem size $(cat $d/size)"
p2pdma list >/tmp/list.out 2>&1 || { cat /tmp/list.out; fail "p2pdma list"; }
cat /tmp/list.out
grep -q "^  $P2PDMA_PROVIDER .*published" /tmp/list.out || fail "list does not show $P2PDMA_PROVIDER"
