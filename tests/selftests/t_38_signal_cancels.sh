#!/bin/sh
# SIGINT or SIGTERM to a running 'copy' cancels its job: the runner says
# "cancelled by signal" and that the data was "not verified", exits 130,
# and leaves no job running, its job's state "cancelled".  A runner that
# dies of the signal (143 for SIGTERM, no message) or ignores it fails.
# The shell starts the runner in the background with SIGINT ignored, as
# POSIX has it for a shell without job control: the runner's handler must
# take SIGINT all the same, as it would at a terminal.
# needs: src dst destructive
. ./lib.sh
load_module
exited() { grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null || [ ! -d "/proc/$1" ]; }
one_running() { id=$(running_jobs) && [ -n "$id" ]; }

signal_copy() {	# SIGNAL
	# 4k chunks one at a time: ~400 per second here, so ~10 s of copying.
	"$P2PDMA" copy --check --seed 38 -s 4k -q 1 -c 4000 "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/sig.out 2>&1 &
	pid=$!
	poll_until 30 one_running || { kill -9 $pid; fail "no job running: $(cat /tmp/sig.out)"; }
	echo "job $id running; SIG$1 to the runner"
	kill -"$1" $pid || fail "kill -$1"
	if ! poll_until 20 exited $pid; then
		grep -E '^Sig(Ign|Cgt|Blk)' "/proc/$pid/status"
		kill -9 $pid
		fail "the runner did not exit within 20 s of SIG$1"
	fi
	wait $pid
	rc=$?
	cat /tmp/sig.out
	[ $rc = 130 ] || fail "the runner exited $rc after SIG$1, expected 130"
	grep -q "cancelled by signal" /tmp/sig.out || fail "no 'cancelled by signal' after SIG$1"
	grep -q "not verified" /tmp/sig.out || fail "no 'not verified' after SIG$1"
	[ "$(job_state "$id")" = cancelled ] || fail "job $id is $(job_state "$id") after SIG$1"
	running=$(running_jobs) || fail "jobs"
	[ -z "$running" ] || fail "jobs still running after SIG$1: $running"
}
signal_copy INT
signal_copy TERM
