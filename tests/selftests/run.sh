#!/bin/sh
# Runs every t_*.sh here in order, as kselftest's runner does, and prints
# KTAP: one result per test, its output as "# " diagnostics.  A test exits
# 0 to pass, 4 to skip (KSFT_SKIP), anything else to fail.  After each
# test, whatever its result, nothing may be held any more: no job running,
# the module's accounting all zero, every provider's p2pmem whole.  Then
# a last result, json_schema: every JSON document the tests had the
# runner print (lib.sh's p2pdma) fits Documentation/p2pdma.schema.json.
# Each test says what it needs ("# needs:", lib.sh) and skips, saying
# why, when the machine lacks it.  In the bed, which has everything the
# tests need, a skip fails unless the test says the bed cannot provide
# what it needs (skip_bed_cannot).
cd "$(dirname "$0")" || exit 1
. ./lib.sh

# P2PDMA_TESTS narrows the run to some tests, by name or glob
# ("t_33_* t_35_*"), for a quick look at one behaviour; for_this_machine
# (lib.sh) keeps those for the bed's machine.
tests=
for t in $(ls ${P2PDMA_TESTS:-t_*.sh} | sort); do
	for_this_machine "$t" && tests="$tests $t"
done
set -- $tests
echo "KTAP version 1"
echo "1..$(($# + 1))"
rm -rf /tmp/json-docs
n=0
failed=0
for t in $tests; do
	n=$((n + 1))
	name=${t#t_}
	name=${name%.sh}
	out=/tmp/$name.out
	t0=$(cut -d. -f1 /proc/uptime)
	# A hung test fails alone instead of stalling the whole run.
	P2PDMA_TEST=$name timeout "${P2PDMA_TEST_TIMEOUT:-600}" sh "./$t" >"$out" 2>&1
	rc=$?
	[ $rc = 143 ] && echo "timed out after ${P2PDMA_TEST_TIMEOUT:-600} s" >>"$out"
	# A helper the test calls but lib.sh lacks leaves its variables empty,
	# and two empty checksums compare equal: that is a failure, not a pass.
	# busybox says "./t_x.sh: line 3: f: not found", dash "./t_x.sh: 3:
	# f: not found", bash "...: line 3: f: command not found".
	if grep -qE '^\./t_[^:]*: (line )?[0-9]+: [^ ]+: (command )?not found$' "$out"; then
		echo "the test called a command or function that does not exist" >>"$out"
		rc=1
	fi
	# No test may leave a job behind for the next one.
	left=$(running_jobs)
	for id in $left; do
		echo "left running by $name: job $id" >>"$out"
		p2pdma cancel "$id" && p2pdma wait "$id" >/dev/null 2>&1
	done
	[ -n "$left" ] && rc=1
	held=$(held_resources)
	if [ -n "$held" ]; then
		echo "$held" | sed "s/^/after $name: /" >>"$out"
		rc=1
	fi
	if [ "$rc" = 4 ] && [ -n "$BED_STRICT_SKIPS" ] &&
	   ! tail -n 1 "$out" | grep -q '^the bed cannot provide'; then
		echo "a skip in the bed, which provides everything this test needs" >>"$out"
		rc=1
	fi
	sed 's/^/# /' "$out"
	echo "# $name took $(($(cut -d. -f1 /proc/uptime) - t0)) s"
	case $rc in
	0) echo "ok $n $name" ;;
	4) echo "ok $n $name # SKIP $(tail -n 1 "$out")" ;;
	*) echo "not ok $n $name"; failed=1 ;;
	esac
done
n=$((n + 1))
t0=$(cut -d. -f1 /proc/uptime)
if json_schema_verdict >/tmp/json_schema.out 2>&1; then
	verdict="ok $n json_schema"
else
	verdict="not ok $n json_schema"
	failed=1
fi
sed 's/^/# /' /tmp/json_schema.out
echo "# json_schema took $(($(cut -d. -f1 /proc/uptime) - t0)) s"
echo "$verdict"
exit $failed
