#!/usr/bin/env bash
# make bench: the module against its peers (the runner's io_uring and
# synchronous userspace engines, fio reading and writing p2p memory, and
# each through host memory), in one boot of the bed on its bench kernel
# (kernel.sh bench: no KASAN, kmemleak or lockdep), or on real devices with
# --real, as ratios in the same run against tests/bench/targets.
#
# Usage: bench.sh [--real SRC DST PROVIDER] [--out DIR]
#   PROVIDER: a namespace of the NVMe whose CMB is the p2pmem provider,
#   which the bench also writes (tests/selftests/devices.sh finds its PCI
#   function, as for the selftests).
#   REPS, DUR (whole seconds a run: fio's runtime is), RANGE (of each
#   run, on SRC and DST; with a k or M suffix), CHUNKS, DEPTH,
#   CHUNK, DEPTHS, SYNC_CHUNKS, STREAMS and PROFILE_SECS (0: no profiles)
#   in the environment override the defaults below (guest.sh says what
#   each sweeps).
# Writes DIR/plan.csv (every run meant), DIR/raw.csv (every run made),
# DIR/results.csv (median and spread of each), DIR/targets.csv,
# DIR/summary.md (the table, the targets, and the profiled runs side by
# side, which the README quotes between its bench-summary marks, updated
# here), DIR/throughput.png and DIR/profile-*.txt (perf, in the guest and
# of QEMU on the host, at every row the copy is held to fio at).  Exits 1
# when a run of the plan is missing or a p2p run's memory was not p2pmem.
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

"$top/scripts/ensure-deps.sh" fio gnuplot-nox gawk build-essential linux-perf liburing-dev
make -s -C "$here"
make -s -C "$top/user"

cat >"$out/bench.conf" <<CONF
REPS=${REPS:-3}
DUR=${DUR:-2}
RANGE=${RANGE:-32M}
CHUNKS="${CHUNKS:-4k 64k 256k 1M}"
DEPTH=${DEPTH:-16}
CHUNK=${CHUNK:-64k}
DEPTHS="${DEPTHS:-1 4 16 64}"
SYNC_CHUNKS="${SYNC_CHUNKS:-4k 64k}"
STREAMS="${STREAMS:-1 2 4}"
PROFILE_SECS=${PROFILE_SECS:-8}
CONF

# Each thread of process PID as "TID#NAME|user+system ticks", sorted.
thread_times() {
	local t
	for t in /proc/"$1"/task/*; do
		# Past "(name) ", utime and stime are the 12th and 13th fields.
		printf '%s#%s|%s\n' "${t##*/}" "$(cat "$t/comm")" \
			"$(sed 's/.*) //' "$t/stat" | awk '{ print $12 + $13 }')"
	done 2>/dev/null | sort -t'|' -k1,1
}

# QEMU 7.2 (Debian 12's) has one bounce buffer, of a page, for every DMA in
# the machine into or out of memory that is not RAM, and it models a CMB as
# MMIO: so every P2P DMA in the bed passes through that buffer, a page at
# a time, and one that finds it taken asks to be called back when it is
# free (cpu_register_map_client).  A uprobe there counts how often a run's
# DMAs queued for it.  Prints the event, or nothing where it cannot be set.
bounce_wait_event=probe_qemu:cpu_register_map_client
bounce_wait_probe() {
	local qemu
	qemu=$(command -v qemu-system-x86_64) || return 0
	perf probe -q -d "$bounce_wait_event" >/dev/null 2>&1
	perf probe -q -x "$qemu" cpu_register_map_client >/dev/null 2>&1 && echo "$bounce_wait_event"
}

# perf on QEMU, from the host, for as long as the guest says it is running a
# profiled configuration: the guest's profile cannot see the device model.
profile_qemu() {	# console
	local tag name secs pid waits event
	set +e +o pipefail	# a profile that comes out empty is no reason to stop
	event=$(bounce_wait_probe)
	tail -n +1 -F "$1" 2>/dev/null | while read -r tag name secs _; do
		case $tag in
		BENCH-PROFILE-START) ;;
		P2PDMA-BED-JOB-EXIT) break ;;
		*) continue ;;
		esac
		pid=$(pgrep -n -f 'qemu-system-x86_64 -name p2pdma-bed') || continue
		thread_times "$pid" >"$out/qemu-threads.before"
		waits=
		if [ -n "$event" ]; then
			perf stat -x, -e "$event" -p "$pid" -o "$out/qemu-waits" -- sleep "$secs" \
				>/dev/null 2>&1 &
			waits=$!
		fi
		perf record -q -F 499 -e cpu-clock -p "$pid" -o "$out/qemu.data" \
			-- sleep "$secs" >/dev/null 2>&1 || continue
		thread_times "$pid" >"$out/qemu-threads.after"
		[ -n "$waits" ] && wait "$waits"
		# By thread (vCPUs, the main loop that runs the device models,
		# the block layer's workers), then the main loop's functions:
		# the vCPUs' are mostly translated guest code, without symbols.
		perf report -i "$out/qemu.data" --stdio --sort comm --percent-limit 1 \
			2>/dev/null | grep -v '^#' | grep . | sed 's/^/comm,/' >"$out/profile-qemu-$name.txt"
		# How much of a host core each thread kept busy over the same
		# seconds, from its own CPU time: one near 1.00 is what the run
		# waited on (samples give shares, not this).
		join -t'|' "$out/qemu-threads.before" "$out/qemu-threads.after" |
			awk -F'|' -v secs="$secs" -v hz="$(getconf CLK_TCK)" '
				{ split($1, id, "#"); busy[id[2]] += ($3 - $2) / hz / secs }
				END { for (c in busy) printf "cores,%s,%.2f\n", c, busy[c] }' |
			sort -t, -k3 -r -n >>"$out/profile-qemu-$name.txt"
		[ -n "$waits" ] && awk -F, -v secs="$secs" '$3 ~ /map_client/ {
				printf "bounce-waits,%.0f\n", $1 / secs }' "$out/qemu-waits" \
			>>"$out/profile-qemu-$name.txt"
		perf report -i "$out/qemu.data" --stdio --comms qemu-system-x86 --sort sym \
			--percentage relative --percent-limit 1 2>/dev/null | grep -v '^#' | grep . | sed 's/^/main-loop sym,/' \
			>>"$out/profile-qemu-$name.txt"
	done
	rm -f "$out/qemu.data" "$out/qemu.data.old" "$out"/qemu-threads.* "$out/qemu-waits"
	[ -n "$event" ] && perf probe -q -d "$event" >/dev/null 2>&1
}

if [ ${#real[@]} -gt 0 ]; then
	export P2PDMA_SRC=${real[0]} P2PDMA_DST=${real[1]} P2PDMA_PROVIDER=${real[2]}
	export P2PDMA_DEVICES=$top/tests/selftests/devices.sh
	export BENCH_CONF=$out/bench.conf MODULE=${MODULE:-$top/kmod/p2pdma_harness.ko}
	export PATH=$top/user:$here:$PATH
	kernel="$(uname -r) (this machine's)"
	(cd "$here" && sh ./guest.sh) | tee "$out/console.log"
else
	tree=$("$top/tests/vm/kernel.sh" 6.12 bench)
	kernel="$(make -s -C "$tree" kernelrelease) (kernel.sh bench, in the QEMU bed under TCG)"
	rm -f "$out"/console.log "$out"/profile-*.txt
	: >"$out/console.log"
	profile_qemu "$out/console.log" &
	watcher=$!
	# Under TCG the kernel's clocksource watchdog finds the TSC slow to
	# read against the HPET now and then and switches to the HPET for the
	# rest of the boot, where every clock read is an emulated MMIO read
	# (read_hpet at a quarter of the guest's samples at 4k): runs on
	# either side of it would not compare.  Hardware keeps the TSC.
	"$top/tests/vm/bed.sh" --flavour bench --job "$here/guest.sh" --append tsc=reliable \
		--add "$out/bench.conf:bench.conf" \
		--bin "$(command -v fio)" --bin "$here/busy-sample" --bin "$(command -v perf)" \
		--timeout 3600 --log "$out/console.log" >/dev/null
	pkill -P $watcher 2>/dev/null || true
fi
clock=$(sed -n 's/^BENCH-CLOCKSOURCE //p' "$out/console.log" | uniq | paste -sd, | sed 's/,/, then /g')
[ -n "$clock" ] && kernel="$kernel, clocksource $clock"
for name in $(grep '^PROF,' "$out/console.log" | cut -d, -f2 | uniq); do
	grep "^PROF,$name," "$out/console.log" | cut -d, -f3- >"$out/profile-guest-$name.txt"
done
grep '^PLAN,' "$out/console.log" | cut -d, -f2- >"$out/plan.csv" || true
grep '^BENCH,' "$out/console.log" | cut -d, -f2- >"$out/raw.csv" || true
grep '^# ' "$out/console.log" || true
[ -s "$out/plan.csv" ] || { echo "bench: the guest made no plan" >&2; exit 1; }
. "$out/bench.conf"
status=0
gawk -f "$here/report.awk" -v out="$out" -v reps="$REPS" -v dur="$DUR" -v depth="$DEPTH" \
	-v chunk="$CHUNK" -v range="$RANGE" -v kernel="$kernel" -v date="$(date -u +%Y-%m-%d)" \
	"$here/targets" "$out/plan.csv" "$out/raw.csv" || status=$?
names=$(sed -n 's/^BENCH-PROFILE-START \([^ ]*\) .*/\1/p' "$out/console.log")
if [ -n "$names" ]; then
	echo
	# shellcheck disable=SC2086 # one profile a word
	gawk -f "$here/profiles.awk" -v dir="$out" -v secs="$PROFILE_SECS" $names
fi >>"$out/summary.md"
gnuplot -e "dir='$out'" "$here/plot.gp"
# The README quotes the latest summary between its marks.
awk -v summary="$out/summary.md" '
	/<!-- bench-summary:end -->/ { skip = 0 }
	!skip { print }
	/<!-- bench-summary:begin -->/ { while ((getline l < summary) > 0) print l; skip = 1 }
' "$top/README.md" >"$out/README.md.new" && mv "$out/README.md.new" "$top/README.md"
echo "bench: $out/summary.md (in README.md), results.csv, throughput.png, profile-*.txt"
exit $status
