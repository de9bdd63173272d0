# A zoned destination (the bed's ZNS namespace, host-managed) is refused
# by the kernel, naming it zoned: the engine writes chunks out of order,
# which a sequential zone rejects midway.  Nothing is written to it.
. ./lib.sh
load_module
[ -n "$BED_ZNS" ] || fail "no NVMe with serial zns0 in the guest"
zoned=$(cat "/sys/block/${BED_ZNS#/dev/}/queue/zoned")
[ "$zoned" = host-managed ] || fail "$BED_ZNS is '$zoned', not host-managed"
p2pdma fill --seed 32 -l 1M "$BED_SRC" || fail "fill"
range_sum_to before "$BED_ZNS" 0 1048576
range_sum_to before2 "$BED_ZNS" 4194304 1048576
# Host memory: no p2p path to refuse it on, only its zones.
expect_refusal "copy refused:.*zoned" p2pdma copy -s 64k -c 16 "$BED_SRC" "$BED_ZNS" none
expect_refusal "copy refused:.*zoned" p2pdma copy -s 64k -c 16 --dst-offset 4M "$BED_SRC" "$BED_ZNS" none
range_sum_to now "$BED_ZNS" 0 1048576
[ "$now" = "$before" ] || fail "the zoned destination changed"
range_sum_to now "$BED_ZNS" 4194304 1048576
[ "$now" = "$before2" ] || fail "the zoned destination's second zone changed"
