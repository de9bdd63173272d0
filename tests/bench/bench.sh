#!/usr/bin/env bash
# make bench: the module against fio and a userspace copy, in one boot of
# the bed (or on real devices with --real), as ratios in the same run.
#
# Usage: bench.sh [--real SRC DST CMB_DEV CMB_PCI] [--out DIR]
#   REPS, DUR (whole seconds a run: fio's runtime is), CHUNKS, DEPTHS,
#   STREAMS in the environment
#   override the defaults below.
# Writes DIR/raw.csv (every run), DIR/results.csv (median and spread per
# configuration), DIR/throughput.png, and prints the table and the targets.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/bench-results
real=()
while [ $# -gt 0 ]; do
	case "$1" in
	--real) real=("$2" "$3" "$4" "$5"); shift 5 ;;
	--out) out=$2; shift 2 ;;
	*) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
mkdir -p "$out"

"$top/scripts/ensure-deps.sh" fio gnuplot-nox gawk build-essential
make -s -C "$here" p2pcopy-user
make -s -C "$top/user"

cat >"$out/bench.conf" <<CONF
REPS=${REPS:-3}
DUR=${DUR:-2}
CHUNKS="${CHUNKS:-4k 64k 256k 1M}"
DEPTH=${DEPTH:-16}
CHUNK=${CHUNK:-64k}
DEPTHS="${DEPTHS:-1 4 16 64}"
SMALL=4k
STREAMS="${STREAMS:-1 2 4}"
CONF

if [ ${#real[@]} -gt 0 ]; then
	export BED_SRC=${real[0]} BED_DST=${real[1]} BED_CMB=${real[2]} BED_CMB_PCI=${real[3]}
	export BENCH_CONF=$out/bench.conf MODULE=${MODULE:-$top/kmod/p2pdma_harness.ko}
	export PATH=$top/user:$here:$PATH
	(cd "$here" && sh ./guest.sh) | tee "$out/console.log"
else
	"$top/tests/vm/bed.sh" --job "$here/guest.sh" --add "$out/bench.conf:bench.conf" \
		--bin "$(command -v fio)" --bin "$here/p2pcopy-user" \
		--timeout 3600 --log "$out/console.log" >/dev/null
fi
grep '^BENCH,' "$out/console.log" | cut -d, -f2- >"$out/raw.csv"
grep '^# ' "$out/console.log" || true
[ -s "$out/raw.csv" ] || { echo "bench: no result came back" >&2; exit 1; }
gawk -f "$here/report.awk" -v out="$out" "$out/raw.csv"
gnuplot -e "dir='$out'" "$here/plot.gp"
echo "bench: $out/results.csv, $out/throughput.png"
