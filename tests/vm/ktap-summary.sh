#!/usr/bin/env bash
# Reads KTAP on stdin (as the selftests print it), echoes it, and closes
# with "STAGE: N passed, N failed, N skipped" (STAGE: the first argument,
# default "vm").  A line "P2PDMA-BED-STAGE NAME" closes the stage so far
# and opens stage NAME, for a job that runs two passes in one boot.
# Fails when a stage had a test fail, ran none, or reported fewer
# results than its plan announced.
set -u
stage=${1:-vm}
status=0

open_stage() {
	pass=0 fail=0 skip=0 plan= took=
}

close_stage() {
	local ran=$((pass + fail + skip))
	if [ -n "$plan" ] && [ "$ran" -lt "$plan" ]; then
		echo "# only $ran of $plan planned tests reported"
		fail=$((fail + plan - ran))
	fi
	[ "$ran" -eq 0 ] && [ -z "$plan" ] && { echo "# no test ran"; fail=$((fail + 1)); }
	# The tail is what a CI log shows: say there where the time went.
	[ -n "$took" ] && echo "# slowest: $(printf '%s' "$took" | sort -k3,3nr |
		head -n 5 | awk '{ printf "%s%s %s s", (NR > 1 ? ", " : ""), $1, $3 }')"
	echo "$stage: $pass passed, $fail failed, $skip skipped"
	[ $fail -eq 0 ] || status=1
}

open_stage
while IFS= read -r line; do
	case "$line" in
	"P2PDMA-BED-STAGE "*)
		close_stage
		stage=${line#P2PDMA-BED-STAGE }
		open_stage
		continue ;;
	esac
	printf '%s\n' "$line"
	case "$line" in
	1..*) [ -z "$plan" ] && plan=${line#1..} ;;
	"ok "*"# SKIP"*) skip=$((skip + 1)) ;;
	"ok "*) pass=$((pass + 1)) ;;
	"not ok "*) fail=$((fail + 1)) ;;
	"# "*" took "*" s") took+="${line#\# }"$'\n' ;;
	esac
done
close_stage
exit $status
