#!/usr/bin/env bash
# Holds the jq JSON Schema validator (tests/selftests/tools/json-schema.jq),
# which the QEMU guest runs for lack of Python, to python3-jsonschema (run by
# validate.py, always as draft 2020-12):
#
#   check-validator.sh
#	runs every fixture of fixtures.txt (a schema, documents, and whether
#	they are valid, invalid, or the schema is refused) through both
#	validators; a fixture fails when either validator's verdict is not
#	the one expected, or the jq validator does not print a line the
#	fixture says it must.  Fixtures marked jq-only are not given to
#	Python (it ignores the unknown keywords the jq validator refuses).
#   check-validator.sh --validate SCHEMA DOC...
#	validates each DOC (say the runner's -j output; a DOC may hold
#	several documents, as JSON Lines) with both validators; a DOC fails
#	when either rejects it, and so when they disagree.
#
# Output: "1..N", then "ok N - NAME" or "not ok N - NAME" per fixture or
# DOC, with what went wrong as "# " lines before each "not ok", and a
# closing "# N passed, N failed".  Exit status: 0 when all passed, 1 when
# one failed, 2 for a usage or fixture-file mistake.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
"$top/scripts/ensure-deps.sh" python3-jsonschema jq || exit 1

jq_validator=$top/tests/selftests/tools/json-schema.jq
py_validator=$here/validate.py
fixtures=$here/fixtures.txt

scratch=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-schema.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# A verdict from a validator's exit status; both validators use the same
# codes, so that they can be compared.
verdict() {	# STATUS
	case $1 in
	0) echo valid ;;
	1) echo invalid ;;
	6) echo bad-schema ;;
	*) echo "error (exit $1)" ;;
	esac
}

# Sets jq_verdict for DOC against SCHEMA, its output in $scratch/jq.out (and
# jq.err: the count of violations, or jq's own complaint).
# The jq validator is called exactly as the selftests call it.
run_jq() {	# SCHEMA DOC
	local rc=0
	jq -n -r --slurpfile schema "$1" --slurpfile doc "$2" -f "$jq_validator" \
		>"$scratch/jq.out" 2>"$scratch/jq.err" || rc=$?
	jq_verdict=$(verdict "$rc")
}

# Sets py_verdict for DOC against SCHEMA, its output in $scratch/py.out.
run_python() {	# SCHEMA DOC
	local rc=0
	/usr/bin/python3 "$py_validator" "$1" "$2" >"$scratch/py.out" 2>&1 || rc=$?
	py_verdict=$(verdict "$rc")
}

# Both validators' output as TAP comments, for a "not ok".
show_outputs() {
	echo "# jq: $jq_verdict"
	sed 's/^/#   /' "$scratch/jq.out" "$scratch/jq.err"
	echo "# python: $py_verdict"
	sed 's/^/#   /' "$scratch/py.out"
}

n=0 failed=0

# Prints a TAP result line and counts it.
result() {	# OK(0/1) NAME
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# The versions whose agreement this run shows: the jq validator is meant
# for Debian 12's jq 1.6.
versions() {
	echo "# $(jq --version); python3-jsonschema $(dpkg-query -W -f='${Version}' python3-jsonschema)"
}

# --validate SCHEMA DOC...: every DOC must be valid for both validators.
validate_docs() {
	local schema=$1 doc
	shift
	echo "1..$#"
	versions
	for doc; do
		run_jq "$schema" "$doc"
		run_python "$schema" "$doc"
		if [ "$jq_verdict" = valid ] && [ "$py_verdict" = valid ]; then
			result 0 "$doc"
		else
			show_outputs
			result 1 "$doc"
		fi
	done
}

# Reads fixtures.txt into the f_* arrays, one entry per document line, each
# with its schema's text; its format is in its header comment.
f_name=() f_expect=() f_jqonly=() f_schema=() f_docs=() f_says=()
read_fixtures() {
	local line lineno=0 last="" schema="" schema_name="" i=-1
	local re_entry='^(jq-only )?(schema|valid|invalid|bad-schema) ([^:]+):( (.*))?$'
	local re_says='^says: (.*)$'
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		case $line in '' | '#'*) continue ;; esac
		if [[ $line =~ ^[[:space:]] ]]; then
			case $last in
			schema) schema+=$'\n'$line ;;
			doc) f_docs[i]+=$'\n'$line ;;
			*) bad_fixture "$lineno" "a continuation of nothing" ;;
			esac
		elif [[ $line =~ $re_says ]]; then
			[ "$last" = doc ] || [ "$last" = says ] ||
				bad_fixture "$lineno" "says: with no document before it"
			f_says[i]+=${BASH_REMATCH[1]}$'\n'
			last=says
		elif [[ $line =~ $re_entry ]]; then
			if [ "${BASH_REMATCH[2]}" = schema ]; then
				[ -z "${BASH_REMATCH[1]}" ] || bad_fixture "$lineno" "a schema cannot be jq-only"
				schema_name=${BASH_REMATCH[3]} schema=${BASH_REMATCH[5]}
				last=schema
				continue
			fi
			[ -n "$schema_name" ] || bad_fixture "$lineno" "a document before any schema"
			i=$((i + 1))
			f_name[i]="$schema_name: ${BASH_REMATCH[3]}"
			f_expect[i]=${BASH_REMATCH[2]}
			f_jqonly[i]=${BASH_REMATCH[1]:+jq-only}
			f_schema[i]=$schema
			f_docs[i]=${BASH_REMATCH[5]}
			f_says[i]=""
			last=doc
		else
			bad_fixture "$lineno" "cannot parse: $line"
		fi
	done <"$fixtures"
}

# A mistake in fixtures.txt ends the run: a fixture read wrong proves nothing.
bad_fixture() {	# LINENO WHY
	echo "$fixtures:$1: $2" >&2
	exit 2
}

# Writes fixture I's schema and documents as $scratch/I.schema.json and
# $scratch/I.doc.json, and $scratch/I.python unless it is jq-only: what
# validate.py --batch runs.
write_fixture() {	# I
	local i=$1
	printf '%s\n' "${f_schema[i]}" >"$scratch/$i.schema.json"
	printf '%s\n' "${f_docs[i]}" >"$scratch/$i.doc.json"
	[ -n "${f_jqonly[i]}" ] || : >"$scratch/$i.python"
}

# Checks fixture I, once validate.py --batch has run; prints why it fails
# as TAP comments, and returns 1 then.
check_fixture() {	# I
	local i=$1 want bad=0
	run_jq "$scratch/$i.schema.json" "$scratch/$i.doc.json"
	if [ "$jq_verdict" != "${f_expect[i]}" ]; then
		echo "# expected ${f_expect[i]}, the jq validator says $jq_verdict"
		bad=1
	fi
	# An invalid document must be named, not just fail.
	if [ "${f_expect[i]}" = invalid ] && ! grep -q . "$scratch/jq.out"; then
		echo "# the jq validator printed no violation"
		bad=1
	fi
	py_verdict="not asked"
	: >"$scratch/py.out"
	if [ -z "${f_jqonly[i]}" ]; then
		py_verdict=$(verdict "$(cat "$scratch/$i.py.rc" 2>/dev/null || echo none)")
		cp "$scratch/$i.py.out" "$scratch/py.out" 2>/dev/null || true
		if [ "$py_verdict" != "${f_expect[i]}" ]; then
			echo "# expected ${f_expect[i]}, python3-jsonschema says $py_verdict"
			bad=1
		fi
	fi
	while IFS= read -r want; do
		[ -n "$want" ] || continue
		if ! grep -Fxq -e "$want" "$scratch/jq.out"; then
			echo "# the jq validator does not say: $want"
			bad=1
		fi
	done <<<"${f_says[i]}"
	if [ "$bad" = 1 ]; then
		echo "# schema: ${f_schema[i]//$'\n'/ }"
		echo "# document(s): ${f_docs[i]//$'\n'/ }"
		show_outputs
	fi
	return "$bad"
}

# Every fixture through both validators: Python once for all of them (it
# takes a tenth of a second to start), jq once per fixture, as the guest
# runs it.
run_fixtures() {
	local i
	read_fixtures
	for i in "${!f_name[@]}"; do
		write_fixture "$i"
	done
	/usr/bin/python3 "$py_validator" --batch "$scratch" ||
		{ echo "validate.py --batch failed" >&2; exit 2; }
	echo "1..${#f_name[@]}"
	versions
	for i in "${!f_name[@]}"; do
		if check_fixture "$i"; then
			result 0 "${f_name[i]}${f_jqonly[i]:+ (jq only)}"
		else
			result 1 "${f_name[i]}${f_jqonly[i]:+ (jq only)}"
		fi
	done
}

case ${1:-} in
--validate)
	[ $# -ge 3 ] || { echo "usage: $0 --validate SCHEMA DOC..." >&2; exit 2; }
	shift
	validate_docs "$@"
	;;
'')
	run_fixtures
	;;
*)
	echo "usage: $0 [--validate SCHEMA DOC...]" >&2
	exit 2
	;;
esac

echo "# $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
