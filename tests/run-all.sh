#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest: host unit
# tests; static checks (checkpatch, W=1 and sparse builds against 6.12 and
# 6.1, the in-tree build, cppcheck, man page, YNL spec, install, DKMS),
# which build the kernels if the cache lacks them; then the QEMU bed, which
# builds the module, boots and runs the selftests, once per topology
# (tests/vm/topologies/).  Closes with
# one line "N passed, N failed, N skipped" over all of them.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/ensure-deps.sh build-essential libmnl-dev libblkid-dev || exit 1

pass=0 fail=0 skip=0
# Adds up a stage's closing line "stage: N passed, N failed[, N skipped]".
tally() {
	local line=$1 p f s
	p=$(sed -n 's/.* \([0-9]*\) passed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")
	s=$(sed -n 's/.* \([0-9]*\) skipped.*/\1/p' <<<"$line")
	pass=$((pass + ${p:-0})) fail=$((fail + ${f:-0})) skip=$((skip + ${s:-0}))
}

# stage NAME CMD...: runs a stage, shows its output, counts its results; a
# stage that fails without saying how many tests failed counts as one.
stage() {
	local name=$1 out rc last
	shift
	echo "=== $name"
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	last=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out" | tail -n 1)
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
	rm -f "$out"
}

stage unit make -s -C tests/unit
stage static tests/static/run.sh
stage vm tests/vm/bed.sh --ktap ${P2PDMA_BED_ARGS:-}
# The other machines run the tests that name them (one boot each).
for t in tests/vm/topologies/*.sh; do
	t=$(basename "$t" .sh)
	[ "$t" = switch ] && continue
	stage "vm-$t" tests/vm/bed.sh --ktap --topology "$t" ${P2PDMA_BED_ARGS:-}
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
