#!/usr/bin/env bash
# The bed's selftests as a LAVA job, run here by Debian's lava-dispatcher
# (lava-run, no server): bed.sh --export writes the guest, this fills in
# the job (job.yaml.in) and a local QEMU device (device.yaml.in) from it,
# runs them, and reports what LAVA recorded: each test case, then
# "lava: N passed, N failed, N skipped".  See README.md, "Running in a lab".
#
# Usage: run.sh [OPTIONS]
#   --tests 'GLOBS'   only these selftests ('t_01_* t_04_*'; default: all)
#   --topology NAME   the bed's machine (default: switch)
#   --kernel SERIES   the guest's kernel, 6.12 (default) or 6.1
#   --env NAME=VALUE  set a variable for the selftests (bed.sh --env)
#   --check           boot nothing: fill in the job and the device and
#                     check the job against LAVA's schema (the static stage)
#   --out DIR         where lava-run writes and this keeps the job, the
#                     device, LAVA's log (lava.log, one YAML mapping a
#                     line), the console (console.log) and result.yaml
#                     (default: a new /tmp/p2pdma-lava.XXXXXX)
# Exit status: 0 when LAVA recorded test cases, none failed, the job and
# each of LAVA's steps passed, and the kernel log has no report (the bed's
# check, tests/vm/kernel-log-check.sh, on the console LAVA logged).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

tests=
topology=switch
kernel=6.12
envs=()
out=
check=0
while [ $# -gt 0 ]; do
	case "$1" in
	--tests) tests=$2; shift 2 ;;
	--topology) topology=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--env) envs+=(--env "$2"); shift 2 ;;
	--out) out=$2; shift 2 ;;
	--check) check=1; shift ;;
	-h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;$d'; exit 0 ;;
	*) echo "lava: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
[ -n "$tests" ] && envs+=(--env "P2PDMA_TESTS=$tests")

"$top/scripts/ensure-deps.sh" lava-dispatcher

# The guest's disks are sparse (one is 64G) and only for this run; LAVA's
# results are worth keeping.
guest=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-lava-guest.XXXXXX")
trap 'rm -rf "$guest"' EXIT
if [ -z "$out" ]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-lava.XXXXXX")
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/{lava.log,console.log,result.yaml,description.yaml}

"$here/../vm/bed.sh" --export "$guest" --topology "$topology" --kernel "$kernel" \
	${envs[@]+"${envs[@]}"}

# LAVA joins QEMU's options with spaces and splits the line again, so an
# option and its value make one item ("-M q35"), and no argument may hold
# a space or a quote.
mapfile -t args <"$guest/qemu-args"
extra=()
i=0
while [ $i -lt ${#args[@]} ]; do
	arg=${args[i]}
	next=${args[i + 1]:-}
	for a in "$arg" "$next"; do
		if [[ $a =~ [[:space:]\'\"\\] ]]; then
			echo "lava: a QEMU argument LAVA would split or unquote: $a" >&2
			exit 1
		fi
	done
	if [ -n "$next" ] && [[ $next != -* ]]; then
		extra+=("$arg $next")
		i=$((i + 2))
	else
		extra+=("$arg")
		i=$((i + 1))
	fi
done
kernel_args=$(cat "$guest/kernel-args")
# The command line is a double-quoted word in QEMU's command and sits in
# a single-quoted YAML string.
if [[ $kernel_args =~ [\'\"\\] ]]; then
	echo "lava: a quote in the kernel command line: $kernel_args" >&2
	exit 1
fi

# Fills in a template: @NAME@ for a scalar; a line holding only
# @QEMU_EXTRA@ becomes the list of QEMU options, at that line's indent.
fill() {
	local line indent item
	while IFS= read -r line; do
		if [[ $line =~ ^([[:space:]]*)@QEMU_EXTRA@$ ]]; then
			indent=${BASH_REMATCH[1]}
			for item in "${extra[@]}"; do
				printf "%s- '%s'\n" "$indent" "$item"
			done
			continue
		fi
		# Quoted replacements: bash 5.2 would read an & in them as the match.
		line=${line//@KERNEL_ARGS@/"$kernel_args"}
		line=${line//@KERNEL_URL@/"file://$guest/bzImage"}
		line=${line//@INITRD_URL@/"file://$guest/initramfs.cpio.gz"}
		line=${line//@TOPOLOGY@/"$topology"}
		line=${line//@KERNEL@/"$kernel"}
		printf '%s\n' "$line"
	done <"$1"
}
fill "$here/job.yaml.in" >"$out/job.yaml"
fill "$here/device.yaml.in" >"$out/device.yaml"

# lava-run does not check a job against LAVA's schema; a server does on
# submission, so do it here, lest a job that runs here be refused there.
/usr/bin/python3 -c '
import sys, yaml
from lava_common.schemas import validate
validate(yaml.safe_load(open(sys.argv[1])))
' "$out/job.yaml"
[ $check = 1 ] && { echo "lava: $out/job.yaml fits LAVA's schema"; exit 0; }

echo "lava: running the job; LAVA writes to $out" >&2
# LAVA's log is its stderr when there is no server to send it to.
lava-run --job-id "$(basename "$out")" --output-dir "$out" \
	--device "$out/device.yaml" "$out/job.yaml" 2>&1 |
	/usr/bin/python3 -u "$here/results.py" "$out" "$top/tests/vm/kernel-log-check.sh"
