#!/bin/sh
# Several jobs at once, each with its own destination and buffer memory:
# p2p through the switch CMB, p2p into the provider itself, host memory.
# needs: src dst provider-disk far destructive
. ./lib.sh
load_module
# Timed jobs first, so that all three are seen running together; one
# 256 KiB chunk in flight each: few completions, so the jobs leave the
# CPUs to the shell (those of 4 KiB chunks kept them busy: t_27).
a=$(p2pdma copy --detach -D 600 -s 256k -q 1 -l 8M "$P2PDMA_SRC" "$P2PDMA_DST") || fail "job a"
b=$(p2pdma copy --detach -D 600 -s 256k -q 1 -l 8M "$P2PDMA_SRC" "$P2PDMA_PROVIDER_DISK") || fail "job b"
c=$(p2pdma copy --detach -D 600 -s 256k -q 1 -l 8M "$P2PDMA_SRC" "$P2PDMA_FAR" none) || fail "job c"
p2pdma jobs >/tmp/jobs.out 2>&1 || { cat /tmp/jobs.out; fail "p2pdma jobs"; }
cat /tmp/jobs.out
running=$(grep -c running /tmp/jobs.out)
echo "$running jobs running at once"
[ "$running" = 3 ] || fail "not all three jobs ran at once"
p2pdma cancel "$a" "$b" "$c" || fail "cancel $a $b $c"
# Cancelled jobs are not done: wait says so with its status.
p2pdma wait "$a" "$b" "$c" >/dev/null && fail "wait on cancelled jobs $a $b $c returned success"
for id in $a $b $c; do
	[ "$(job_state "$id")" = cancelled ] || fail "job $id ended as $(job_state "$id"), not cancelled"
done
# Then the same three as one pass each, to check their data.
a=$(p2pdma copy --detach -s 64k -q 4 -l 8M "$P2PDMA_SRC" "$P2PDMA_DST") || fail "job a"
b=$(p2pdma copy --detach -s 64k -q 4 -l 8M "$P2PDMA_SRC" "$P2PDMA_PROVIDER_DISK") || fail "job b"
c=$(p2pdma copy --detach -s 64k -q 4 -l 8M "$P2PDMA_SRC" "$P2PDMA_FAR" none) || fail "job c"
p2pdma wait "$a" "$b" "$c" >/dev/null || fail "not all of jobs $a $b $c completed"
range_sum_to src_sum "$P2PDMA_SRC" 0 8388608
range_sum_to sum_a "$P2PDMA_DST" 0 8388608
range_sum_to sum_b "$P2PDMA_PROVIDER_DISK" 0 8388608
range_sum_to sum_c "$P2PDMA_FAR" 0 8388608
[ "$sum_a" = "$src_sum" ] || fail "a: data differs"
[ "$sum_b" = "$src_sum" ] || fail "b: data differs"
[ "$sum_c" = "$src_sum" ] || fail "c: data differs"
