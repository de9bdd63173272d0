#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest: host unit
# tests beside the static checks (checkpatch, W=1 and sparse builds against
# 6.12 and 6.1, the in-tree build, cppcheck, man page, YNL spec, install,
# DKMS), which build the kernels if the cache lacks them; then the QEMU
# bed, which builds the module, boots and runs the selftests: the whole
# suite on the switch with 6.12 and with 6.1, on every other topology
# (tests/vm/topologies/) the tests that name it, and some through the
# kernel's kselftest runner as a lab runs them, two guests at a time.
# Closes with one line "N passed, N failed, N skipped" over all of them.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/ensure-deps.sh build-essential libmnl-dev libblkid-dev liburing-dev gawk || exit 1

pass=0 fail=0 skip=0
# Adds up a stage's closing line "stage: N passed, N failed[, N skipped]".
tally() {
	local line=$1 p f s
	p=$(sed -n 's/.* \([0-9]*\) passed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")
	s=$(sed -n 's/.* \([0-9]*\) skipped.*/\1/p' <<<"$line")
	pass=$((pass + ${p:-0})) fail=$((fail + ${f:-0})) skip=$((skip + ${s:-0}))
}

# Where the stages keep their output until it is counted.
logs=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-test.XXXXXX")
trap 'rm -rf "$logs"' EXIT

# run_stage NAME CMD...: runs a stage into $logs/NAME.{out,rc}, showing its
# output as it comes when P2PDMA_LIVE is set.
run_stage() {
	local name=$1 start=$SECONDS
	shift
	if [ -n "${P2PDMA_LIVE:-}" ]; then
		echo "=== $name"
		"$@" 2>&1 | tee "$logs/$name.out"
		echo "${PIPESTATUS[0]}" >"$logs/$name.rc"
	else
		"$@" >"$logs/$name.out" 2>&1
		echo $? >"$logs/$name.rc"
	fi
	echo $((SECONDS - start)) >"$logs/$name.time"
}

# count_stage NAME [shown] [STAGE...]: counts a finished stage's results,
# showing its output first unless it was shown as it ran; a stage that
# fails without saying how many tests failed counts as one.  STAGEs are
# further stages the same run closes (a bed job that runs two passes in
# one boot); one that never closed counts as a failure.
count_stage() {
	local name=$1 rc last s said_failed=0
	shift
	rc=$(cat "$logs/$name.rc")
	if [ "${1:-}" = shown ]; then
		shift
	else
		echo "=== $name"
		cat "$logs/$name.out"
	fi
	for s in "$name" "$@"; do
		last=$(grep -E "^$s: [0-9]+ passed, [0-9]+ failed" "$logs/$name.out" | tail -n 1)
		if [ -n "$last" ]; then
			tally "$last"
			grep -qE ' [1-9][0-9]* failed' <<<"$last" && said_failed=1
		elif [ "$s" != "$name" ]; then
			echo "$s: no results (its run, $name, stopped before it)"
			fail=$((fail + 1)) said_failed=1
		fi
	done
	if [ "$rc" != 0 ] && [ $said_failed -eq 0 ]; then
		echo "$name: stage failed (exit $rc), no failed test to show for it"
		fail=$((fail + 1))
	fi
	echo "$name: stage took $(cat "$logs/$name.time") s"
}

# stage NAME CMD...: one stage, shown as it runs.
stage() {
	P2PDMA_LIVE=1 run_stage "$@"
	count_stage "$1" shown
}

# The runner and the selftests' tools, which the stages below all use,
# built once before they start side by side.
make -s -C user && make -s -C tests/selftests/tools || fail=$((fail + 1))
# Unit tests beside the static checks: each keeps about one of the two
# cores busy.  Neither writes where the other reads: the unit tests build
# in tests/unit, and the runner they run is built above.
run_stage unit make -s -C tests/unit &
unit=$!
# Builds both kernels when the cache lacks them.
stage static tests/static/run.sh
wait $unit
count_stage unit

# The bed: each guest keeps about 1.4 of two cores busy (TCG's vCPU threads
# and QEMU's device models), so two guests side by side finish well before
# two in a row.  The first lane runs the whole suite on the switch with
# 6.12 and, in the same boot, some tests through the kernel's kselftest
# runner as a lab runs them (the collection installed beside
# run_kselftest.sh, the devices given in the environment); the second the
# suite on 6.1.  Every other machine boots once, with the tests that name
# it, at the end of a lane, taken in turn starting with the second lane,
# whose suite runs longer.  The first lane is shown as it runs, the
# second when it is done.
bed_args=(--ktap ${P2PDMA_BED_ARGS:-})
first_lane=() second_lane=()
for t in tests/vm/topologies/*.sh; do
	t=$(basename "$t" .sh)
	[ "$t" = switch ] && continue
	if [ ${#second_lane[@]} -le ${#first_lane[@]} ]; then
		second_lane+=("$t")
	else
		first_lane+=("$t")
	fi
done
run_second_lane() {
	local t
	run_stage vm-6.1 tests/vm/bed.sh "${bed_args[@]}" --kernel 6.1
	for t in ${second_lane[@]+"${second_lane[@]}"}; do
		run_stage "vm-$t" tests/vm/bed.sh "${bed_args[@]}" --topology "$t"
	done
}
run_second_lane &
second=$!
P2PDMA_LIVE=1 run_stage vm tests/vm/kselftest.sh --after-suite "${bed_args[@]}"
count_stage vm shown vm-kselftest
for t in ${first_lane[@]+"${first_lane[@]}"}; do
	stage "vm-$t" tests/vm/bed.sh "${bed_args[@]}" --topology "$t"
done
wait $second
count_stage vm-6.1
for t in ${second_lane[@]+"${second_lane[@]}"}; do
	count_stage "vm-$t"
done

echo "make test took $SECONDS s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
