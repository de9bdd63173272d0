#!/bin/sh
# 'copy --check' catches corruption that happens inside the copy, not only
# on the disks: the module's corrupt_chunk fault flips one byte in the
# middle of one chunk between its read and its write, so every I/O
# succeeds and the job ends done, yet the destination is wrong.  The copy
# must exit 1 and its report name exactly one bad block on the destination,
# in the middle of a chunk, with the source intact; the JSON report's
# "check" says bad_blocks 1.  Through p2p memory and through host memory.
# Catches a --check that trusts the job's status, compares too little
# (or only the source), miscounts, or reports the wrong offset; and then a
# clean --check copy still passes, so a check that always fails fails too.
# needs: src dst destructive
. ./lib.sh
load_module
cc=/sys/kernel/debug/p2pdma_harness/corrupt_chunk
if [ ! -d $cc ]; then
	[ -d /sys/kernel/debug/fail_make_request ] &&
		fail "the kernel has fault injection but the module no $cc"
	skip "no fault injection in this kernel (CONFIG_FAULT_INJECTION_DEBUG_FS)"
fi
fault_save $cc/probability $cc/interval $cc/times $cc/space $cc/verbose $cc/task-filter
trap 'echo 0 >$cc/probability; echo 0 >$cc/times; fault_restore' EXIT

# Arms the fault for one chunk: the first chunk read from now on, in
# whichever kworker completes it (no task filter).  The copies run one
# chunk at a time (-q 1): should_fail() reads "times" before it counts it
# down, so two reads completing at once on two CPUs can both be failed
# (seen here once: two bad chunks with times 1).
arm() {
	echo 0 >$cc/verbose && echo N >$cc/task-filter && echo 0 >$cc/space &&
		echo 1 >$cc/interval && echo 1 >$cc/times && echo 100 >$cc/probability ||
		fail "arm $cc"
}

# After a copy: disarms the fault, and fails unless it fired exactly once.
fired_once() {
	echo 0 >$cc/probability || fail "disarm $cc"
	left=$(cat $cc/times) || fail "read $cc/times"
	[ "$left" = 0 ] || fail "the fault did not fire (times left: $left): this copy tested nothing"
}

corrupt_text() {	# PROVIDER SEED
	arm
	p2pdma copy --check --seed "$2" -s 64k -q 1 -c 32 "$P2PDMA_SRC" "$P2PDMA_DST" "$1" >/tmp/t42.out 2>&1
	rc=$?
	cat /tmp/t42.out
	fired_once
	[ $rc = 1 ] || fail "copy --check ($1) exited $rc with a corrupted chunk, expected 1"
	grep -q "check    destination $P2PDMA_DST: MISMATCH in 1 of [0-9]* blocks" /tmp/t42.out ||
		fail "the report ($1) does not name exactly one bad block on $P2PDMA_DST"
	grep -q "check    source      $P2PDMA_SRC: all [0-9]* blocks match" /tmp/t42.out ||
		fail "the report ($1) does not show the source intact"
	n=$(grep -c '^  byte offset [0-9]*:' /tmp/t42.out)
	[ "$n" = 1 ] || fail "the report ($1) lists $n bad blocks, expected 1"
	off=$(sed -n 's/^  byte offset \([0-9]*\):.*/\1/p' /tmp/t42.out)
	[ $((off % 65536)) = 32768 ] ||
		fail "the bad block ($1) is at byte $off, not in the middle of a 64 KiB chunk"
	echo "copy --check ($1): the one corrupted block, at byte $off, was caught"
}

corrupt_json() {	# PROVIDER SEED
	arm
	p2pdma copy -j --check --seed "$2" -s 64k -q 1 -c 32 "$P2PDMA_SRC" "$P2PDMA_DST" "$1" \
		>/tmp/t42.json 2>/tmp/t42.err
	rc=$?
	cat /tmp/t42.json /tmp/t42.err
	fired_once
	[ $rc = 1 ] || fail "copy -j --check ($1) exited $rc with a corrupted chunk, expected 1"
	json_read /tmp/t42.json state=.job.state bad=.check.bad_blocks \
		bad_src=.check_source.bad_blocks || fail "the copy's JSON ($1)"
	[ "$state" = done ] ||
		fail "the job ($1) did not end done: the fault must leave every I/O succeeding"
	[ "$bad" = 1 ] || fail "JSON check.bad_blocks ($1) is '$bad', expected 1"
	[ "$bad_src" = 0 ] || fail "JSON check_source.bad_blocks ($1) is '$bad_src', expected 0"
	echo "copy -j --check ($1): bad_blocks 1 on the destination, 0 on the source"
}

for provider in auto none; do
	corrupt_text $provider 4201
	corrupt_json $provider 4202
	expect_status 0 "check    destination $P2PDMA_DST: all [0-9]* blocks match" \
		p2pdma copy --check --seed 4203 -s 64k -c 32 "$P2PDMA_SRC" "$P2PDMA_DST" $provider
done
