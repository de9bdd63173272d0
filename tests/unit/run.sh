#!/usr/bin/env bash
# The unit stage: the runner's helpers and renderers (unit-tests, KTAP),
# each option's refusal (cli-errors.sh), the jq schema validator against
# python3-jsonschema (tests/schema), and every JSON document the first two
# printed against Documentation/p2pdma.schema.json with both validators,
# the guest's shortcut (dispatch) against the whole schema, and the
# bench's verdicts on made-up runs (bench-report.sh).  Closes
# with "unit: N passed, N failed" over all of them.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# bench-report.sh runs the bench's gawk report.
"$top/scripts/ensure-deps.sh" gawk || exit 1
docs=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-unit.XXXXXX")
trap 'rm -rf "$docs"' EXIT
pass=0 fail=0

# Runs a part, shows its output and adds up its closing "N passed, N failed";
# a part that fails without saying how many failed counts as one failure.
part() {	# NAME CMD...
	local name=$1 out p f rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	echo "$out"
	p=$(sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p' <<<"$out" | tail -n 1)
	f=$(sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p' <<<"$out" | tail -n 1)
	pass=$((pass + ${p:-0})) fail=$((fail + ${f:-0}))
	if [ $rc != 0 ] && [ "${f:-0}" = 0 ]; then
		echo "$name: failed (exit $rc) beyond its tests"
		fail=$((fail + 1))
	fi
}

# The guest validates with --arg dispatch command (each document held to
# its command's part of the schema, for speed): that must agree with the
# whole schema on every document here, and on one each is broken in.
dispatch_agrees() {	# SCHEMA DIR
	local f n=0 bad=0 whole held
	for f in "$2"/*.json; do
		for broken in no yes; do
			n=$((n + 1))
			if [ $broken = yes ]; then
				jq -c '. + {"unexpected": 1}' "$f" >"$2/broken.tmp"
			else
				cp "$f" "$2/broken.tmp"
			fi
			whole=0 held=0
			jq -n --slurpfile schema "$1" --slurpfile doc "$2/broken.tmp" \
				-f "$top/tests/selftests/tools/json-schema.jq" >/dev/null 2>&1 || whole=$?
			jq -n --slurpfile schema "$1" --slurpfile doc "$2/broken.tmp" \
				--arg dispatch command \
				-f "$top/tests/selftests/tools/json-schema.jq" >/dev/null 2>&1 || held=$?
			if [ $whole = $held ] && { [ $broken = no ] || [ $held = 1 ]; }; then
				echo "ok $n - dispatch agrees on ${f##*/} (broken: $broken)"
			else
				echo "not ok $n - ${f##*/} (broken: $broken): whole schema $whole, dispatched $held"
				bad=$((bad + 1))
			fi
		done
	done
	rm -f "$2/broken.tmp"
	echo "dispatch: $((n - bad)) passed, $bad failed"
}

part unit-tests env UNIT_JSON_DIR="$docs" "$here/unit-tests"
part cli-errors "$here/cli-errors.sh" "$top/user/p2pdma" "$docs"
part validator "$top/tests/schema/check-validator.sh"
part schema "$top/tests/schema/check-validator.sh" --validate \
	"$top/Documentation/p2pdma.schema.json" "$docs"/*.json
part bench-report "$here/bench-report.sh"
part dispatch dispatch_agrees "$top/Documentation/p2pdma.schema.json" "$docs"
echo "unit: $pass passed, $fail failed"
[ $fail = 0 ]
