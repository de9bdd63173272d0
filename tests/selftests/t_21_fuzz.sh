#!/bin/sh
# Thousands of random, mutated and valid-ish requests (nl-fuzz): the kernel
# stays up and answers every one (the bed checks its log for KASAN,
# lockdep and leaks), every job they started ends, and the module still
# copies correctly afterwards.  The fuzz must also reach the code it is
# meant to shake: nl-fuzz fails unless each command's handler was reached
# often enough (not only the policy's refusals) and jobs really started.
# Three phases: alone; while two timed jobs run; and as 'nobody', where
# every job request that reaches its handler must be refused with EPERM
# and none may start.  The seed is random unless P2PDMA_FUZZ_SEED gives
# it, and is printed first: a failure reproduces with the same seed (and
# P2PDMA_FUZZ_COUNT, default 5000).
# needs: src dst destructive
. ./lib.sh
load_module

count=${P2PDMA_FUZZ_COUNT:-5000}
case $count in '' | *[!0-9]*) fail "P2PDMA_FUZZ_COUNT '$count' is not a number" ;; esac
seed=${P2PDMA_FUZZ_SEED:-}
if [ -z "$seed" ]; then
	seed=$(od -An -N4 -tu4 /dev/urandom 2>/dev/null | tr -d ' ')
	case $seed in '' | *[!0-9]*) seed=$(date +%s) ;; esac
fi
case $seed in '' | *[!0-9]*) fail "P2PDMA_FUZZ_SEED '$seed' is not a number" ;; esac
# Decimal for the shell and for nl-fuzz alike: no leading zeros (octal).
while [ ${#seed} -gt 1 ] && [ "${seed#0}" != "$seed" ]; do seed=${seed#0}; done
[ ${#seed} -le 18 ] || fail "P2PDMA_FUZZ_SEED '$seed' has more than 18 digits"
echo "# fuzz seed $seed"
again="rerun with P2PDMA_FUZZ_SEED=$seed P2PDMA_FUZZ_COUNT=$count"

# Coverage asked of the main phase: 20 requests per command that reach
# its handler and 10 jobs started in 5000 requests, in proportion below.
reach=20 jobs=10
if [ "$count" -lt 5000 ]; then
	reach=$((20 * count / 5000)) jobs=$((10 * count / 5000))
	[ $reach -ge 1 ] || reach=1
	[ $jobs -ge 1 ] || jobs=1
fi
during=$((count / 6))
unpriv=$((count / 10))
[ $during -ge 100 ] || during=100
[ $unpriv -ge 100 ] || unpriv=100

none_running() { running=$(running_jobs) && [ -z "$running" ]; }
all_ended() {	# WHEN
	poll_until 60 none_running && return 0
	running=$(running_jobs) || fail "p2pdma jobs: $(cat /tmp/running_jobs.out)"
	fail "jobs still running 60 s after $1: $running ($again)"
}

echo "phase 1: $count requests"
nl-fuzz -r $reach -j $jobs "$seed" "$count" "$P2PDMA_SRC" "$P2PDMA_DST" ||
	fail "fuzzer, phase 1 ($again)"
all_ended "the fuzz"

echo "phase 2: $during requests while two timed jobs run"
# One chunk of 256 KiB in flight each (few completions to keep the CPUs
# busy), far from the fuzz's ranges.
a=$(p2pdma copy --detach -D 600 -s 256k -q 1 -l 8M --dst-offset 128M "$P2PDMA_SRC" "$P2PDMA_DST") ||
	fail "start job a"
b=$(p2pdma copy --detach -D 600 -s 256k -q 1 -l 8M --dst-offset 160M "$P2PDMA_SRC" "$P2PDMA_DST" none) ||
	fail "start job b"
nl-fuzz -r 0 -j 0 $((seed + 1)) "$during" "$P2PDMA_SRC" "$P2PDMA_DST"
rc=$?
p2pdma cancel "$a" "$b" >/dev/null 2>&1
p2pdma wait "$a" "$b" >/tmp/t21.wait 2>&1
[ $rc = 0 ] || fail "fuzzer, phase 2 ($again)"
for id in $a $b; do
	state=$(job_state "$id")
	case $state in
	cancelled | done) ;;
	*) cat /tmp/t21.wait; fail "job $id is '$state' after the fuzz around it ($again)" ;;
	esac
done
all_ended "the fuzz around two jobs"

echo "phase 3: $unpriv requests as nobody"
need_nobody
# The newest job's id: job ids only grow, even when old jobs are dropped.
newest_job() {
	jobs_listed || return 1
	awk '$1 + 0 > max { max = $1 + 0 } END { print max + 0 }' /tmp/jobs_listed.out
}
newest_before=$(newest_job) || fail "p2pdma jobs"
timeout 120 su -s /bin/sh nobody -c \
	"nl-fuzz -u -r 3 $((seed + 2)) $unpriv $P2PDMA_SRC $P2PDMA_DST" ||
	fail "fuzzer, phase 3, as nobody ($again)"
newest_after=$(newest_job) || fail "p2pdma jobs"
[ "$newest_after" = "$newest_before" ] ||
	fail "nobody's requests started job $newest_after ($again)"

p2pdma copy --check --seed 21 -s 64k -c 32 "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null ||
	fail "the module no longer copies correctly ($again)"
