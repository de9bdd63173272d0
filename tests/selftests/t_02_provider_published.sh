# The CMB behind the switch is a published p2pmem provider of 64 MiB, and
# the module's provider list names it.
. ./lib.sh
load_module
[ -n "$BED_CMB_PCI" ] || fail "no NVMe with serial cmb0 in the guest"
d=/sys/bus/pci/devices/$BED_CMB_PCI/p2pmem
[ -d "$d" ] || fail "$BED_CMB_PCI has no p2pmem directory"
[ "$(cat $d/published)" = 1 ] || fail "$BED_CMB_PCI p2pmem not published"
[ "$(cat $d/size)" = 67108864 ] || fail "$BED_CMB_PCI p2pmem size $(cat $d/size)"
p2pdma list >/tmp/list.out 2>&1 || { cat /tmp/list.out; fail "p2pdma list"; }
cat /tmp/list.out
grep -q "^  $BED_CMB_PCI .*published" /tmp/list.out || fail "list does not show $BED_CMB_PCI"
