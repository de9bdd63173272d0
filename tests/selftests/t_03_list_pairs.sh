# 'list' says which pairs can do P2P: the two plain NVMe behind the switch
# through the switch's CMB, and not the NVMe on the other root port.
. ./lib.sh
load_module
p2pdma list >/tmp/list.out || fail "p2pdma list"
cat /tmp/list.out
grep -Eq "^  ($BED_SRC <-> $BED_DST|$BED_DST <-> $BED_SRC) +p2p through $BED_CMB_PCI" /tmp/list.out ||
	fail "the switch pair is not shown as p2p through $BED_CMB_PCI"
grep -Eq "^  ($BED_SRC <-> $BED_FAR|$BED_FAR <-> $BED_SRC) +no provider" /tmp/list.out ||
	fail "the cross-root-port pair is not shown as unsupported"
