#!/bin/sh
# An I/O error injected mid-job (fail_make_request) ends the job with an
# error naming the phase, device and offset; the module stays usable and
# every p2p buffer returns to the pool (run.sh checks 'available').
# needs: src dst destructive
. ./lib.sh
load_module
fi=/sys/kernel/debug/fail_make_request
[ -d $fi ] || skip "no fail_make_request in this kernel"
# Whatever happens, no device is left failing for the tests after this one.
trap 'for d in "$P2PDMA_SRC" "$P2PDMA_DST"; do echo 0 >"/sys/block/${d#/dev/}/make-it-fail"; done
	echo 0 >$fi/probability' EXIT
echo 0 >$fi/verbose && echo 100 >$fi/probability && echo 1 >$fi/interval &&
	echo -1 >$fi/times || fail "set up $fi"
inject() {	# DEV PHASE ("read from" or "write to")
	name=${1#/dev/}
	id=$(p2pdma copy --detach -D 600 -s 64k -q 4 "$P2PDMA_SRC" "$P2PDMA_DST") || fail "start"
	poll_until 20 job_moved "$id" || fail "job $id moved nothing: $(cat /tmp/job_moved.json)"
	echo 1 >/sys/block/$name/make-it-fail || fail "make $1 fail"
	timeout 60 p2pdma wait "$id" >/tmp/wait.out 2>&1
	rc=$?
	echo 0 >/sys/block/$name/make-it-fail || fail "let $1 work again"
	cat /tmp/wait.out
	[ $rc = 1 ] || fail "wait on job $id exited $rc, expected 1 (the job failed)"
	[ "$(job_state "$id")" = failed ] || fail "job $id is $(job_state "$id") after a fault on $1"
	grep -q "failed: $2 $1 at byte offset [0-9]*: Input/output error" /tmp/wait.out ||
		fail "the failure does not name $2, $1 and the offset"
	echo "fault injected on $1 ($2): job $id failed as it should"
}
inject "$P2PDMA_DST" "write to"
inject "$P2PDMA_SRC" "read from"
echo 0 >$fi/probability || fail "stop the fault injection"
p2pdma copy --check --seed 25 -s 64k -c 32 "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null || fail "the module no longer copies"
