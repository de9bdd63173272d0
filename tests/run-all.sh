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

# count_stage NAME [shown]: counts a finished stage's results, showing its
# output first unless it was shown as it ran; a stage that fails without
# saying how many tests failed counts as one.
count_stage() {
	local name=$1 rc last
	rc=$(cat "$logs/$name.rc")
	if [ "${2:-}" != shown ]; then
		echo "=== $name"
		cat "$logs/$name.out"
	fi
	last=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$logs/$name.out" | tail -n 1)
	if [ -n "$last" ]; then
		tally "$last"
		if [ "$rc" != 0 ] && ! grep -qE ' [1-9][0-9]* failed' <<<"$last"; then
			echo "$name: stage failed (exit $rc) beyond its tests"
			fail=$((fail + 1))
		fi
	elif [ "$rc" != 0 ]; then
		echo "$name: stage failed (exit $rc)"
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
# two in a row.  The first lane is shown as it runs; the second, which
# boots every other machine once with the tests that name it, is shown
# when it is done.
bed_args=(--ktap ${P2PDMA_BED_ARGS:-})
second_lane() {
	local t
	run_stage vm-6.1 tests/vm/bed.sh "${bed_args[@]}" --kernel 6.1
	for t in tests/vm/topologies/*.sh; do
		t=$(basename "$t" .sh)
		[ "$t" = switch ] && continue
		run_stage "vm-$t" tests/vm/bed.sh "${bed_args[@]}" --topology "$t"
	done
}
second_lane &
second=$!
stage vm tests/vm/bed.sh "${bed_args[@]}"
# The lab's way in, while the second lane still has more to boot: the
# collection installed beside the kernel's run_kselftest.sh, the devices
# given in the environment.
stage vm-kselftest tests/vm/kselftest.sh "${bed_args[@]}"
wait $second
count_stage vm-6.1
for t in tests/vm/topologies/*.sh; do
	t=$(basename "$t" .sh)
	[ "$t" = switch ] || count_stage "vm-$t"
done

echo "make test took $SECONDS s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
