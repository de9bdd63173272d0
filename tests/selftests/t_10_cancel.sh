# A running job stops when cancelled, reports itself cancelled, and gives
# its p2pmem back.
. ./lib.sh
load_module
id=$(p2pdma copy --detach -D 60 -s 64k -q 4 "$BED_SRC" "$BED_DST") ||
	fail "could not start a job"
sleep 2
[ "$(job_state "$id")" = running ] || fail "job $id is not running: $(p2pdma jobs)"
p2pdma cancel "$id" || fail "cancel"
p2pdma wait "$id" && fail "wait on a cancelled job returned success"
[ "$(job_state "$id")" = cancelled ] || fail "job $id ended as $(job_state "$id")"
