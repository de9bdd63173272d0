# A runner killed with SIGKILL takes its job with it: the module cancels
# the job when the runner's netlink socket closes.
. ./lib.sh
load_module
p2pdma copy -D 60 -s 64k -q 4 "$BED_SRC" "$BED_DST" >/dev/null 2>&1 &
pid=$!
sleep 2
id=$(p2pdma jobs | awk '$2 == "running" { print $1 }' | tail -n 1)
[ -n "$id" ] || fail "no running job: $(p2pdma jobs)"
kill -9 "$pid"
wait "$pid" 2>/dev/null
i=0
while [ "$(job_state "$id")" = running ] && [ $i -lt 30 ]; do
	sleep 1
	i=$((i + 1))
done
[ "$(job_state "$id")" = cancelled ] || fail "job $id is $(job_state "$id") after its runner died"
