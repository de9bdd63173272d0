#!/usr/bin/env bash
# make bench: the module against fio and a userspace copy, in one boot of
# the bed (or on real devices with --real), as ratios in the same run.
#
# Usage: bench.sh [--real SRC DST PROVIDER] [--out DIR]
#   PROVIDER: a namespace of the NVMe whose CMB is the p2pmem provider,
#   which the bench also writes (tests/selftests/devices.sh finds its PCI
#   function, as for the selftests).
#   REPS, DUR (whole seconds a run: fio's runtime is), CHUNKS, DEPTHS,
#   STREAMS and PROFILE_SECS (0: no profiles) in the environment
#   override the defaults below.
# Writes DIR/raw.csv (every run), DIR/results.csv (median and spread per
# configuration), DIR/throughput.png, DIR/profile-*.txt (perf, in the guest
# and of QEMU on the host, for a few runs), and prints the table and the
# targets.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/bench-results
real=()
while [ $# -gt 0 ]; do
	case "$1" in
	--real) real=("$2" "$3" "$4"); shift 4 ;;
	--out) out=$2; shift 2 ;;
	*) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
mkdir -p "$out"

"$top/scripts/ensure-deps.sh" fio gnuplot-nox gawk build-essential linux-perf
make -s -C "$here"
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
PROFILE_SECS=${PROFILE_SECS:-8}
CONF

# perf on QEMU, from the host, for as long as the guest says it is running a
# profiled configuration: the guest's profile cannot see the device model.
profile_qemu() {	# console
	local tag name secs pid
	set +e +o pipefail	# a profile that comes out empty is no reason to stop
	tail -n +1 -F "$1" 2>/dev/null | while read -r tag name secs _; do
		case $tag in
		BENCH-PROFILE-START) ;;
		P2PDMA-BED-JOB-EXIT) break ;;
		*) continue ;;
		esac
		pid=$(pgrep -n -f 'qemu-system-x86_64 -name p2pdma-bed') || continue
		perf record -q -F 499 -e cpu-clock -p "$pid" -o "$out/qemu.data" \
			-- sleep "$secs" >/dev/null 2>&1 || continue
		# By thread (vCPUs, the main loop that runs the device models,
		# the block layer's workers), then the main loop's functions:
		# the vCPUs' are mostly translated guest code, without symbols.
		perf report -i "$out/qemu.data" --stdio --sort comm --percent-limit 1 \
			2>/dev/null | grep -v '^#' | grep . | sed 's/^/comm,/' >"$out/profile-qemu-$name.txt"
		perf report -i "$out/qemu.data" --stdio --comms qemu-system-x86 --sort sym \
			--percentage relative --percent-limit 1 2>/dev/null | grep -v '^#' | grep . | sed 's/^/main-loop sym,/' \
			>>"$out/profile-qemu-$name.txt"
	done
	rm -f "$out/qemu.data"
}

if [ ${#real[@]} -gt 0 ]; then
	export P2PDMA_SRC=${real[0]} P2PDMA_DST=${real[1]} P2PDMA_PROVIDER=${real[2]}
	export P2PDMA_DEVICES=$top/tests/selftests/devices.sh
	export BENCH_CONF=$out/bench.conf MODULE=${MODULE:-$top/kmod/p2pdma_harness.ko}
	export PATH=$top/user:$here:$PATH
	(cd "$here" && sh ./guest.sh) | tee "$out/console.log"
else
	rm -f "$out"/console.log "$out"/profile-*.txt
	: >"$out/console.log"
	profile_qemu "$out/console.log" &
	watcher=$!
	"$top/tests/vm/bed.sh" --job "$here/guest.sh" --add "$out/bench.conf:bench.conf" \
		--bin "$(command -v fio)" --bin "$here/p2pcopy-user" --bin "$here/busy-sample" \
		--bin "$(command -v perf)" \
		--timeout 3600 --log "$out/console.log" >/dev/null
	pkill -P $watcher 2>/dev/null || true
fi
for name in $(grep '^PROF,' "$out/console.log" | cut -d, -f2 | uniq); do
	grep "^PROF,$name," "$out/console.log" | cut -d, -f3- >"$out/profile-guest-$name.txt"
done
grep '^BENCH,' "$out/console.log" | cut -d, -f2- >"$out/raw.csv" || true
grep '^# ' "$out/console.log" || true
[ -s "$out/raw.csv" ] || { echo "bench: no result came back" >&2; exit 1; }
gawk -f "$here/report.awk" -v out="$out" "$out/raw.csv"
gnuplot -e "dir='$out'" "$here/plot.gp"
echo "bench: $out/results.csv, $out/throughput.png, $out/profile-*.txt"
