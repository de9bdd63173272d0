# Every kind of bad request is refused with an errno and a reason, and none
# of them starts a job or touches the destination.
. ./lib.sh
load_module
before=$(range_sum "$BED_DST" 0 2097152)
jobs_before=$(p2pdma jobs | wc -l)
nl-badinput "$BED_SRC" "$BED_DST" >/tmp/bad.out
rc=$?
cat /tmp/bad.out
[ "$rc" = 0 ] || fail "$rc bad requests were accepted"
grep -q "(no message)" /tmp/bad.out && echo "note: some refusals carry no extack message"
[ "$(grep -c "^# refused" /tmp/bad.out)" -ge 50 ] || fail "fewer cases ran than written"
[ "$(p2pdma jobs | wc -l)" = "$jobs_before" ] || fail "a bad request started a job"
[ "$(range_sum "$BED_DST" 0 2097152)" = "$before" ] || fail "the destination changed"
