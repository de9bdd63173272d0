#!/bin/sh
# Every kind of bad request is refused with the right errno and, where the
# kernel gives one, the right reason (the netlink core's policy message,
# or the module's own), and none of them starts a job or touches the
# destination.  Dry runs of a valid copy, through p2p and host memory,
# go first and must be acknowledged with 0: a module that refuses
# everything, or refuses for the wrong reason, fails here.
# needs: src dst destructive
. ./lib.sh
load_module
range_sum_to before "$P2PDMA_DST" 0 2097152
jobs_before=$(job_count) || fail "p2pdma jobs"
nl-badinput "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/bad.out
rc=$?
cat /tmp/bad.out
grep -q "^# CONTROL REFUSED" /tmp/bad.out && fail "a valid dry run was refused: the cases below prove nothing"
[ "$rc" = 0 ] || fail "$rc requests were answered wrongly (ACCEPTED or WRONG above)"
grep -q "^# control acknowledged" /tmp/bad.out || fail "the positive controls did not run"
# 71 cases are written; each prints one "refused" line.
n=$(grep -c "^# refused" /tmp/bad.out)
[ "$n" -ge 71 ] || fail "only $n of the 71 cases ran"
jobs_after=$(job_count) || fail "p2pdma jobs"
[ "$jobs_after" = "$jobs_before" ] || fail "a bad request or a dry run started a job"
range_sum_to after "$P2PDMA_DST" 0 2097152
[ "$after" = "$before" ] || fail "the destination changed"
