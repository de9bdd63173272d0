#!/usr/bin/env bash
# Shows that the bed fails a run on each kind of kernel report it claims to
# catch: boots the bed once per kind with a job that plants that report
# through LKDTM (CONFIG_LKDTM) and otherwise succeeds, and checks that the
# bed failed the run and that its log check named the report.
# Usage: plant-reports.sh [KIND...]   (default: all; several minutes each)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# LKDTM crash type and what the console then shows.
declare -A expect=(
	[WARNING]='WARNING:'
	[READ_AFTER_FREE]='KASAN:'
	[ARRAY_BOUNDS]='UBSAN:'
	[CORRUPT_LIST_ADD]='list_add corruption'
	[SOFTLOCKUP]='BUG: soft lockup'
	[HARDLOCKUP]='hard LOCKUP'
	[HUNG_TASK]='blocked for more than'
)
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(WARNING READ_AFTER_FREE ARRAY_BOUNDS CORRUPT_LIST_ADD SOFTLOCKUP HARDLOCKUP HUNG_TASK)

work=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-plant.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The write may never return (a lockup, a hung task): it runs in the
# background while the job waits for the report to reach the log.
cat >"$work/plant.sh" <<'JOB'
#!/bin/sh
echo "planting $PLANT"
echo "$PLANT" >/sys/kernel/debug/provoke-crash/DIRECT &
i=0
while ! dmesg | grep -qF "$PLANT_REPORT" && [ $i -lt 600 ]; do
	sleep 0.2
	i=$((i + 1))
done
exit 0
JOB

pass=0 fail=0
for kind in "${kinds[@]}"; do
	report=${expect[$kind]:?unknown kind $kind}
	log=$work/$kind.log
	"$here/bed.sh" --job "$work/plant.sh" --env "PLANT=$kind" \
		--env "PLANT_REPORT=$report" --timeout 300 >"$work/out" 2>"$work/err"
	rc=$?
	if [ $rc != 0 ] && grep -q 'the kernel log has reports' "$work/err" &&
	   grep -qF "$report" "$work/err"; then
		echo "ok $kind: the bed failed the run on '$report'"
		pass=$((pass + 1))
	else
		echo "not ok $kind: bed exit $rc; its verdict:"
		tail -n 20 "$work/err"
		fail=$((fail + 1))
	fi
done
echo "plant: $pass passed, $fail failed"
[ $fail = 0 ]
