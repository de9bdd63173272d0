#!/bin/sh
# A runner killed with SIGKILL takes its job with it: the module cancels
# the job when the runner's netlink socket closes.
# needs: src dst destructive
. ./lib.sh
load_module
"$P2PDMA" copy -D 600 -s 64k -q 4 "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null 2>&1 &
pid=$!
one_running() { id=$(running_jobs) && [ -n "$id" ]; }
poll_until 30 one_running || { kill -9 "$pid"; fail "no running job: $(cat /tmp/running_jobs.out)"; }
[ "$(echo "$id" | wc -l)" = 1 ] || { kill -9 "$pid"; fail "more than one job running: $id"; }
# Under way, so that its runner is following it.
poll_until 20 job_moved "$id" || { kill -9 "$pid"; fail "job $id moved nothing: $(cat /tmp/job_moved.json)"; }
kill -9 "$pid" || fail "the runner of job $id had already exited"
wait "$pid" 2>/dev/null
not_running() { [ "$(job_state "$id")" != running ]; }
poll_until 30 not_running || fail "job $id still running 30 s after its runner died"
[ "$(job_state "$id")" = cancelled ] || fail "job $id is $(job_state "$id") after its runner died"
