#!/bin/sh
# Running jobs stop when cancelled, one or several in one command, report
# themselves cancelled, and give their p2pmem back.
# needs: src dst destructive
. ./lib.sh
load_module
a=$(p2pdma copy --detach -D 600 -s 64k -q 4 -l 1M "$P2PDMA_SRC" "$P2PDMA_DST") ||
	fail "could not start a job"
b=$(p2pdma copy --detach -D 600 -s 256k -q 1 -l 1M --dst-offset 1M "$P2PDMA_SRC" "$P2PDMA_DST") ||
	fail "could not start a second job"
for id in $a $b; do
	poll_until 20 job_moved "$id" || fail "job $id moved nothing in 20 s: $(cat /tmp/job_moved.json)"
done
for id in $a $b; do
	[ "$(job_state "$id")" = running ] || fail "job $id is not running: $(p2pdma jobs)"
done
p2pdma cancel "$a" "$b" || fail "cancel $a $b"
p2pdma wait "$a" "$b" && fail "wait on cancelled jobs returned success"
for id in $a $b; do
	[ "$(job_state "$id")" = cancelled ] || fail "job $id ended as $(job_state "$id")"
done
# An id that names no job fails the command, which says which one it was.
expect_refusal "cancel job 4000000000" p2pdma cancel "$a" 4000000000
