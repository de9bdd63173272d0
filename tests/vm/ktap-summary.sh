#!/usr/bin/env bash
# Reads KTAP on stdin (as the selftests print it), echoes it, and closes
# with "STAGE: N passed, N failed, N skipped" (STAGE: the first argument,
# default "vm").  Fails when a test failed, when
# none ran, or when fewer results came than the plan announced.
set -u
stage=${1:-vm}
pass=0 fail=0 skip=0 plan=
took=
while IFS= read -r line; do
	printf '%s\n' "$line"
	case "$line" in
	1..*) [ -z "$plan" ] && plan=${line#1..} ;;
	"ok "*"# SKIP"*) skip=$((skip + 1)) ;;
	"ok "*) pass=$((pass + 1)) ;;
	"not ok "*) fail=$((fail + 1)) ;;
	"# "*" took "*" s") took+="${line#\# }"$'\n' ;;
	esac
done
ran=$((pass + fail + skip))
if [ -n "$plan" ] && [ "$ran" -lt "$plan" ]; then
	echo "# only $ran of $plan planned tests reported"
	fail=$((fail + plan - ran))
fi
[ "$ran" -eq 0 ] && [ -z "$plan" ] && { echo "# no test ran"; fail=$((fail + 1)); }
# The tail is what a CI log shows: say there where the time went.
[ -n "$took" ] && echo "# slowest: $(printf '%s' "$took" | sort -k3,3nr |
	head -n 5 | awk '{ printf "%s%s %s s", (NR > 1 ? ", " : ""), $1, $3 }')"
echo "$stage: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
