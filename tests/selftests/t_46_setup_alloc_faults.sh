#!/bin/sh
# Every allocation a job's setup makes can fail, and each failure is a
# clean refusal: nl-faultsweep fails the 1st, 2nd, 3rd... fault-injectable
# allocation of one JOB_START (a real one-chunk job), through
# /proc/thread-self/fail-nth, until the request makes no more; after each,
# a refused request started no job, a started one ends, and the module
# holds nothing (accounting all zero, p2pmem whole).  First failslab (every
# slab allocation, sleeping ones too), through p2p and host memory; then
# fail_page_alloc (every page allocation, order 0 up), where host memory's
# buffers come from.  The module must be seen refusing: a failed open of
# the source ('cannot open source') under failslab, a failed buffer
# ('cannot allocate') under fail_page_alloc.  Then normal copies work.
#
# Which page allocation of a request is the buffer's shifts with the state
# of the slabs (a cache that needs a new slab allocates pages), and an
# order-0 sweep was seen stepping over it three times in a row.  So the
# buffer's refusal is asked of a sweep aimed at it: a 256 KiB chunk (order
# 6) with min-order 6, which nothing else in the request allocates.
# Catches an error path that leaks a job, a device, a buffer or its
# accounting, that answers "refused" while the job runs, or that crashes
# (the bed checks the kernel log for KASAN, WARNING and kmemleak reports).
#
# Why fail-nth and not task-filter with /proc/self/make-it-fail in a shell
# that execs 'p2pdma copy': with make-it-fail the process's every
# allocation is a candidate, so a handful of failures are spent in execve,
# the runner's socket and its dry run before the real JOB_START is sent
# (or, with ignore-gfp-wait=Y, only on non-sleeping allocations, which the
# setup does not make).  fail-nth aims at the one request instead, and
# both knobs' probability stays 0: nothing else in the guest fails.
# Not reached by either fault: p2p buffers (the provider's gen_pool) and
# the bios (a mempool-backed bio_set with GFP_NOIO: they cannot fail).
# needs: src dst provider destructive
. ./lib.sh
load_module
fs=/sys/kernel/debug/failslab
fp=/sys/kernel/debug/fail_page_alloc
[ -d $fs ] && [ -d $fp ] || skip "no failslab or fail_page_alloc in this kernel"
[ -e /proc/self/fail-nth ] || skip "no /proc/PID/fail-nth in this kernel"
fault_save $fs/ignore-gfp-wait $fs/verbose $fp/ignore-gfp-wait $fp/min-order $fp/verbose
trap 'fault_restore' EXIT
echo 0 >$fs/verbose && echo 0 >$fp/verbose || fail "quiet the faults"

sweep() {	# NAME NL-FAULTSWEEP-ARGS...
	name=$1
	shift
	nl-faultsweep "$@" "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_PROVIDER" >/tmp/t46.out 2>&1
	rc=$?
	cat /tmp/t46.out
	case $rc in
	0) echo "$name: every failure was a clean refusal" ;;
	3) fail "$name: the fault never made the module refuse as expected (see above)" ;;
	*) fail "$name: nl-faultsweep exited $rc" ;;
	esac
}

echo N >$fs/ignore-gfp-wait || fail "failslab: fail sleeping allocations too"
sweep "failslab, p2p memory" -m p2p -e "cannot open source"
sweep "failslab, host memory" -m host -e "cannot open source"
echo Y >$fs/ignore-gfp-wait && echo N >$fp/ignore-gfp-wait && echo 0 >$fp/min-order ||
	fail "fail_page_alloc: every order, sleeping allocations too"
sweep "fail_page_alloc, host memory" -m host
sweep "fail_page_alloc, p2p memory" -m p2p
echo 6 >$fp/min-order || fail "fail_page_alloc: order 6 up"
sweep "fail_page_alloc order 6 up, host memory" -m host -s 256k -e "cannot allocate"
fault_restore

held=$(held_resources)
[ -z "$held" ] || fail "after the sweeps: $held"
running=$(running_jobs) || fail "p2pdma jobs: $(cat /tmp/running_jobs.out)"
[ -z "$running" ] || fail "jobs left running: $running"
p2pdma copy --check --seed 4601 -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null ||
	fail "the module no longer copies through p2p memory"
p2pdma copy --check --seed 4602 -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" none >/dev/null ||
	fail "the module no longer copies through host memory"
