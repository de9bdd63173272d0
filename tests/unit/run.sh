#!/usr/bin/env bash
# The unit stage: the runner's helpers and renderers (unit-tests, KTAP),
# each option's refusal (cli-errors.sh), the jq schema validator against
# python3-jsonschema (tests/schema), and every JSON document the first two
# printed against Documentation/p2pdma.schema.json with both validators.
# Closes with "unit: N passed, N failed" over all four.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
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

part unit-tests env UNIT_JSON_DIR="$docs" "$here/unit-tests"
part cli-errors "$here/cli-errors.sh" "$top/user/p2pdma" "$docs"
part validator "$top/tests/schema/check-validator.sh"
part schema "$top/tests/schema/check-validator.sh" --validate \
	"$top/Documentation/p2pdma.schema.json" "$docs"/*.json
echo "unit: $pass passed, $fail failed"
[ $fail = 0 ]
