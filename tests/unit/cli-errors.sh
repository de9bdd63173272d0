#!/usr/bin/env bash
# A wrong value for each option names that option and its bounds, under -j
# as the error member of the one JSON document on stdout, with exit status
# 2 and nothing else on stdout.  Runs the runner on the host: every case is
# refused before any device or the module is touched.  Writes each
# document to DIR for the schema check that follows.
#
#   cli-errors.sh RUNNER DIR
set -u

runner=$1 dir=$2
n=0 failed=0

# refused ATTRIBUTE MESSAGE-PART ARGS...: the refusal of ARGS names
# ATTRIBUTE and says MESSAGE-PART.
refused() {
	local attr=$1 says=$2 out rc got
	shift 2
	n=$((n + 1))
	out=$dir/cli-$n.json
	"$runner" -j "$@" >"$out" 2>/dev/null
	rc=$?
	got=$(jq -r '[.error.attribute // "null", .error.message] | @tsv' "$out" 2>&1)
	if [ $rc = 2 ] && [ "$(jq -s length "$out")" = 1 ] &&
	   [ "${got%%$'\t'*}" = "$attr" ] && [[ "${got#*$'\t'}" == *"$says"* ]]; then
		echo "ok $n - $* names $attr"
	else
		echo "not ok $n - $*: exit $rc, attribute and message '$got', expected $attr and '$says'"
		failed=$((failed + 1))
	fi
}

refused --chunk_size "at most 4M" copy -s 8M a b
refused --chunk_size "at least 512 bytes" copy --chunk-size 100 a b
refused --chunks "at least 1" copy -c 0 a b
refused --length "at least 1 byte" copy -l 0 a b
refused --queue-depth "at most 256" copy -q 257 a b
refused --threads "at most 64" copy -t 65 a b
refused --duration "at least 0.001 s" copy -D 0 a b
refused --duration "not a number of seconds" copy -D soon a b
refused --offset "at most 4193792 bytes" copy -o 4M a b
refused --chunk_size "together at most 4M" copy -s 4M -o 4k a b
refused --src-offset "is not a size" copy --src-offset x a b
refused --dst-offset "is not a size" copy --dst-offset 1Q a b
refused --seed "at most 4294967295" copy --seed 4294967296 a b
refused --engine "is not kernel or user" copy --engine gpu a b
refused --host_access "SIZE one of 1, 2, 4, 8, 16, 64" copy --host_access 3 a b
refused --init "SIZE one of 1, 2, 4, 8, 16, 64" copy --init 3 a b
refused --sync "a way of --engine user" copy --sync a b
refused --fua "not both" copy --fua --no-flush a b
refused --check "both the read and the write" copy --check --skip-read a b
refused --detach "needs --engine kernel" copy --engine user --detach a b
refused PROVIDER "is not a PCI address" copy a b 12:zz
refused SRC "a device path is at most" copy "$(printf '/dev/%0300d' 0)" b
refused --bogus "no such option" copy --bogus a b
refused -Z "no such option" copy -Z a b
refused -s "needs a value" copy a b -s
refused --seed "is not a number" fill --seed x -l 4k a
refused --length "at least 1 byte" fill --seed 1 -l 0 a
refused --offset "is not a size" fill --seed 1 -l 4k --offset x a
refused --src-offset "give where it starts as --offset" fill --seed 1 -l 4k --src-offset 4k a
refused --dst-offset "is not a size" check --seed 1 -l 4k --dst-offset x a
refused --force "takes no --force" check --seed 1 -l 4k --force a
refused --size "1, 2, 4, 8, 16 or 64" hostaccess -s 3 0000:03:00.0
refused --count "at least 1" hostaccess -n 0 0000:03:00.0
refused --length "at least 1 byte" hostaccess -l 0 0000:03:00.0
refused ID "is not a job id" status x
refused ID "is not a job id" cancel 0
refused ID "is not a job id" wait 4294967296
refused --frob "no such option" list --frob
refused --frob "no such option" jobs --frob
refused --frob "no such option" monitor --frob
refused null "is not a command" frob

echo "cli-errors: $((n - failed)) passed, $failed failed"
[ $failed = 0 ]
