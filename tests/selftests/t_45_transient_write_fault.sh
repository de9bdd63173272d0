#!/bin/sh
# One transient write error in the middle of a job (fail_make_request on
# the destination, times=1, let through the first seven 64 KiB writes by
# its 'space' budget) ends the job failed, naming the write, the device
# and the byte offset of the eighth chunk; and nothing outside what the
# job wrote changes: the 64 KiB before and after the destination range keep
# their own patterns, the chunks before the fault hold the source's data,
# the failed chunk and those after it were not written (the job stopped at
# its first error), and the source is unchanged.  Through p2p memory and
# through host memory.  Catches an engine that writes outside its range or
# from the wrong buffer on its error path, keeps going after an error,
# reports the wrong offset or phase, or leaks buffers, bios or the job.
# needs: src dst destructive
. ./lib.sh
load_module
fi=/sys/kernel/debug/fail_make_request
[ -d $fi ] || skip "no fail_make_request in this kernel"
mif=/sys/block/${P2PDMA_DST#/dev/}/make-it-fail
[ -f "$mif" ] || fail "no $mif"
fault_save $fi/probability $fi/interval $fi/times $fi/space $fi/verbose $fi/task-filter
trap 'echo 0 >$mif; echo 0 >$fi/probability; fault_restore' EXIT

chunk=65536
len=$((16 * chunk))
src_off=$((4 * 1048576))
dst_off=1048576
guard_before=$((dst_off - chunk))
guard_after=$((dst_off + len))
bad=$((dst_off + 7 * chunk))		# the eighth chunk's write fails

inject() {	# PROVIDER SEED
	s=$2
	p2pdma fill --seed $s -l $len --offset $src_off "$P2PDMA_SRC" || fail "fill the source"
	p2pdma fill --seed $((s + 1)) -l $chunk --offset $guard_before "$P2PDMA_DST" || fail "fill the guard before"
	p2pdma fill --seed $((s + 2)) -l $chunk --offset $guard_after "$P2PDMA_DST" || fail "fill the guard after"
	# What the failed chunk and those after it hold, which must stay.
	p2pdma fill --seed $((s + 3)) -l $((9 * chunk)) --offset $bad "$P2PDMA_DST" || fail "fill the range's tail"
	sync
	# Only the destination's bios count, reads included: --force keeps the
	# runner's libblkid probe off it, and a copy without --check reads
	# nothing back.  Each write spends 64 KiB of 'space'; the eighth finds
	# less than that left and fails, and times=1 lets nothing else fail.
	echo 0 >$fi/verbose && echo N >$fi/task-filter && echo 1 >$fi/interval &&
		echo $((7 * chunk + 1)) >$fi/space && echo 1 >$fi/times &&
		echo 100 >$fi/probability && echo 1 >$mif || fail "arm $fi"
	p2pdma copy --force -s 64k -q 1 -l $len --src-offset $src_off --dst-offset $dst_off \
		"$P2PDMA_SRC" "$P2PDMA_DST" "$1" >/tmp/t45.out 2>&1
	rc=$?
	echo 0 >$mif && echo 0 >$fi/probability || fail "disarm $fi"
	cat /tmp/t45.out
	left=$(cat $fi/times) || fail "read $fi/times"
	[ "$left" = 0 ] || fail "the fault never fired (times left: $left)"
	[ $rc = 1 ] || fail "the copy ($1) exited $rc after a write error, expected 1"
	grep -q "failed: write to $P2PDMA_DST at byte offset $bad: Input/output error" /tmp/t45.out ||
		fail "the failure ($1) does not name the write to $P2PDMA_DST at byte offset $bad"
	held=$(held_resources)
	[ -z "$held" ] || fail "after the failed job ($1): $held"
	p2pdma check --seed $((s + 1)) -l $chunk --src-offset $guard_before --dst-offset $guard_before \
		"$P2PDMA_DST" || fail "the 64 KiB before the destination range changed ($1)"
	p2pdma check --seed $((s + 2)) -l $chunk --src-offset $guard_after --dst-offset $guard_after \
		"$P2PDMA_DST" || fail "the 64 KiB after the destination range changed ($1)"
	p2pdma check --seed $s -l $((7 * chunk)) --src-offset $src_off --dst-offset $dst_off \
		"$P2PDMA_DST" || fail "the seven chunks before the fault do not hold the source's data ($1)"
	p2pdma check --seed $((s + 3)) -l $((9 * chunk)) --src-offset $bad --dst-offset $bad \
		"$P2PDMA_DST" || fail "the failed chunk or one after it was written ($1)"
	p2pdma check --seed $s -l $len --src-offset $src_off --dst-offset $src_off "$P2PDMA_SRC" ||
		fail "the source changed ($1)"
	echo "one write error ($1): the job failed at byte $bad and wrote nothing it should not have"
}

inject auto 4500
inject none 4510
p2pdma copy --check --seed 4520 -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null ||
	fail "the module no longer copies after the faults"
