#!/bin/sh
# Guest job of 'make bench': the plan, then every run of it REPS times,
# each repetition in an order of its own, as lines
#   PLAN,kind,mode,chunk,depth,streams
#   BENCH,kind,mode,chunk,depth,streams,rep,bytes,seconds,cpu_seconds,p2p_held
# Peers (kind), each at the same chunk size, depth and streams:
#   module, module-ra   p2pdma copy: the module's engine (with --read-ahead)
#   module-bound        module, its completions on a workqueue bound to the
#                       completing CPU (bound_completions=Y), not an
#                       unbound one: the A/B of the completion path
#   uring, uring-ra     p2pdma copy --engine user: io_uring on mmapped
#                       p2pmem (with --read-ahead)
#   sync                p2pdma copy --engine user --sync: pread and pwrite,
#                       one I/O per stream, as p2pmem-test (depth 1 only)
#   fio-read, fio-write fio reading into / writing out of the same memory
#   fio-pair            both fio runs at once, each at the row's depth, as
#                       pair-read and pair-write: how much of each the bed
#                       still does while it does the other, which is what
#                       a copy needs of it
# mode: p2p (the provider's p2pmem, SRC -> DST through the switch) or host
# (system memory).
# cpu_seconds is the guest's own busy time (user+nice+system+irq+softirq
# in /proc/stat, all CPUs) per byte moved while the tool was moving data,
# times the bytes of the run: sampled every 100 ms (busy-sample), from the
# first interval in which the device moved data to the last, both left out,
# so that no tool's start-up or exit is counted (under TCG fio spends 5 to
# 14 s of CPU starting, more than a run costs).
# p2p_held: the most bytes of the provider's p2pmem in use at once during
# the run, from its 'available' sampled alongside: what shows that a p2p
# run's buffers really were p2p memory.
# The devices as the selftests find them: in the bed, from its discovery;
# on real devices, bench.sh --real sets P2PDMA_SRC, P2PDMA_DST and
# P2PDMA_PROVIDER and names this file.
. "${P2PDMA_DEVICES:-/selftests/devices.sh}"
. "${BENCH_CONF:-./bench.conf}"
[ -d /sys/module/p2pdma_harness ] || insmod "${MODULE:-/lib/p2pdma_harness.ko}" || exit 1
pool=/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem
alloc=$pool/allocate
pool_size=$(cat "$pool/size") || exit 1
params=/sys/module/p2pdma_harness/parameters
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
range=$RANGE

# Runs a command, its output in $out, while sampling; sets window_bytes and
# window_jiffies to what DEV moved and what the guest spent in the counted
# intervals, and held to the most p2pmem in use at any sample.
measured() {	# dev read|write command...
	busy-sample "$1" "$2" 100 "$pool/available" >/tmp/samples &
	sampler=$!
	shift 2
	out=$("$@" 2>&1 </dev/null)
	kill $sampler
	wait $sampler 2>/dev/null
	# From the first interval that moved data to the last, both left out.
	set -- $(awk -v size="$pool_size" 'NR > 1 { n++; b[n] = ($2 - ps) * 512; c[n] = $1 - pc
			if (b[n] > 0) { if (!first) first = n; last = n } }
		{ ps = $2; pc = $1; if (size - $3 > held) held = size - $3 }
		END { for (i = first + 1; i < last; i++) { B += b[i]; C += c[i] }
			print B + 0, C + 0, held + 0 }' /tmp/samples)
	window_bytes=$1 window_jiffies=$2 held=$3
}

emit() {	# kind mode chunk depth streams rep bytes seconds
	echo "BENCH,$1,$2,$3,$4,$5,$6,$7,$8,$(awk -v b="$7" -v wb="$window_bytes" \
		-v wj="$window_jiffies" -v hz="$hz" \
		'BEGIN { if (wb > 0) printf "%.3f", wj / hz * b / wb; else printf "NA" }'),$held"
}

copy_run() {	# kind mode chunk depth streams rep
	wq=$params/bound_completions
	if [ "$1" = module-bound ] && [ ! -w "$wq" ]; then
		echo "# $*: the loaded module has no bound_completions"
		return
	fi
	case $1 in
	module|module-bound) opts="-q $4" ;;
	module-ra) opts="-q $4 --read-ahead" ;;
	uring) opts="--engine user -q $4" ;;
	uring-ra) opts="--engine user -q $4 --read-ahead" ;;
	sync) opts="--engine user --sync" ;;
	esac
	provider=$P2PDMA_PROVIDER
	[ "$2" = host ] && provider=none
	[ "$1" = module-bound ] && echo Y >"$wq"
	measured "$P2PDMA_DST" write p2pdma --quiet copy --summary -D "$DUR" -s "$3" \
		-t "$5" $opts -l $range "$P2PDMA_SRC" "$P2PDMA_DST" "$provider"
	[ "$1" = module-bound ] && echo N >"$wq"
	# The summary line alone: anything else the runner said is not a figure.
	line=$(printf '%s\n' "$out" | grep '^ok copy ')
	[ -n "$line" ] || { echo "# $*: $out"; return; }
	bytes=$(echo "$line" | sed 's/.* bytes=\([0-9]*\).*/\1/')
	secs=$(echo "$line" | sed 's/.* seconds=\([0-9.]*\).*/\1/')
	emit "$@" "$bytes" "$secs"
}

# fio's jobs: reading into the memory from SRC, writing out of it to DST,
# or both at once, each job named for what it does.
fio_jobs() {	# read|write|pair
	case $1 in
	read) echo "--name=read --filename=$P2PDMA_SRC --rw=read" ;;
	write) echo "--name=write --filename=$P2PDMA_DST --rw=write" ;;
	pair) echo "$(fio_jobs read) $(fio_jobs write)" ;;
	esac
}

# "BYTES SECONDS" of fio's read or write job, from its terse v3 lines in
# $out (KiB and ms in fields 6 and 9 for reads, 47 and 50 for writes);
# nothing when fio gave no such line.
fio_figures() {	# read|write
	echo "$out" | awk -F';' -v rw="$1" 'NF > 50 && $3 == rw {
		f = rw == "read" ? 6 : 47; printf "%.0f %.3f\n", $f * 1024, $(f + 3) / 1000 }'
}

fio_run() {	# fio-read|fio-write mode chunk depth streams rep
	rw=${1#fio-}
	dev=$P2PDMA_SRC
	[ "$rw" = write ] && dev=$P2PDMA_DST
	mem=
	[ "$2" = p2p ] && mem=--iomem=mmapshared:$alloc
	measured "$dev" "$rw" fio --bs="$3" --iodepth="$4" --numjobs="$5" --ioengine=libaio \
		--direct=1 --time_based --runtime="$DUR" --size=$range --group_reporting $mem \
		--output-format=terse --terse-version=3 $(fio_jobs "$rw")
	figures=$(fio_figures "$rw")
	[ -n "$figures" ] || { echo "# $*: $(echo "$out" | tail -n 2)"; return; }
	emit "$@" $figures
}

# fio reading into p2pmem from SRC and writing out of p2pmem to DST at
# once, one job each (each its own buffers), started together; one stream.
fio_pair_run() {	# fio-pair mode chunk depth streams rep
	mem=
	[ "$2" = p2p ] && mem=--iomem=mmapshared:$alloc
	measured "$P2PDMA_DST" write fio --bs="$3" --iodepth="$4" --ioengine=libaio --direct=1 \
		--time_based --runtime="$DUR" --size=$range $mem \
		--output-format=terse --terse-version=3 $(fio_jobs pair)
	read_figures=$(fio_figures read)
	write_figures=$(fio_figures write)
	if [ -z "$read_figures" ] || [ -z "$write_figures" ]; then
		echo "# $*: $(echo "$out" | tail -n 2)"
		return
	fi
	# The CPU sampled is the pair's: given once, with the bytes written.
	emit pair-write "$2" "$3" "$4" "$5" "$6" $write_figures
	window_bytes=0
	emit pair-read "$2" "$3" "$4" "$5" "$6" $read_figures
}

# The plan, one run a line (kind mode chunk depth streams): every peer at
# every chunk size (depth DEPTH, through p2p and host memory), at every
# depth (chunk CHUNK), and at depth 1 with each number of streams against
# the synchronous copy (SYNC_CHUNKS).
p2p_peers="module module-ra uring uring-ra fio-read fio-write fio-pair"
plan() {
	for cs in $CHUNKS; do
		for kind in $p2p_peers; do echo "$kind p2p $cs $DEPTH 1"; done
		for kind in module uring fio-read fio-write; do echo "$kind host $cs $DEPTH 1"; done
	done
	for q in $DEPTHS; do
		for kind in $p2p_peers; do echo "$kind p2p $CHUNK $q 1"; done
	done
	for cs in $SYNC_CHUNKS; do
		for t in $STREAMS; do
			for kind in module module-ra uring sync; do echo "$kind p2p $cs 1 $t"; done
		done
	done
	# The completion path's A/B: where completions come fastest, and
	# where one I/O waits for the last.
	echo "module-bound p2p 4k $DEPTH 1"
	echo "module-bound p2p 4k 1 1"
	echo "module-bound p2p 1M $DEPTH 1"
}
plan | sort -u >/tmp/plan
# A fio-pair run gives two figures.
awk '$1 == "fio-pair" { $1 = "pair-read"; print; $1 = "pair-write" } { print }' /tmp/plan |
	sed 's/ /,/g; s/^/PLAN,/'

# The clock every timed figure here reads (bench.sh says it with the
# kernel), again at the end: a switch in between would show.
clocksource() {
	echo "BENCH-CLOCKSOURCE $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
}
clocksource

# A first copy so that nothing is measured cold.
p2pdma --quiet copy -s 64k -l $range "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null

rep=1
while [ "$rep" -le "$REPS" ]; do
	# An order of its own each time: no peer always runs first or
	# always after the same one.
	awk -v seed="$rep" 'BEGIN { srand(seed) } { printf "%.9f %s\n", rand(), $0 }' /tmp/plan |
		sort -n | cut -d' ' -f2- >/tmp/order
	while read -r kind mode cs q t; do
		case $kind in
		fio-pair) fio_pair_run "$kind" "$mode" "$cs" "$q" "$t" "$rep" ;;
		fio-*) fio_run "$kind" "$mode" "$cs" "$q" "$t" "$rep" ;;
		*) copy_run "$kind" "$mode" "$cs" "$q" "$t" "$rep" ;;
		esac
	done </tmp/order
	rep=$((rep + 1))
done

# Where the time goes, for the figures above: the guest's own profile (perf,
# all CPUs, cpu-clock: TCG has no hardware counters) of a few runs, each
# announced on the console so that the host can profile QEMU alongside.
profile() {	# name command...
	name=$1
	shift
	echo "BENCH-PROFILE-START $name $PROFILE_SECS"
	perf record -q -a -F 250 -e cpu-clock -o /tmp/perf.data -- "$@" >/dev/null 2>&1 </dev/null ||
		{ echo "# profile $name: perf record failed"; return; }
	for sort in comm sym; do
		perf report -i /tmp/perf.data --stdio --sort $sort --percent-limit 1 \
			2>/dev/null | grep -v '^#' | grep . | sed "s/^/PROF,$name,$sort,/"
	done
}
fio_profile() {	# read|write|pair chunk depth
	profile "fio-$1-$2-q$3" fio --bs="$2" --iodepth="$3" --ioengine=libaio --direct=1 \
		--time_based --runtime="$PROFILE_SECS" --size=$range --iomem=mmapshared:$alloc \
		$(fio_jobs "$1")
}
# Every row the copy is held to fio at (copy-vs-fio in targets): the
# read-ahead copy, fio reading, writing, and both at once.
profile_row() {	# chunk depth
	profile "module-ra-$1-q$2" p2pdma --quiet copy -D "$PROFILE_SECS" -s "$1" -q "$2" \
		--read-ahead -l $range "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_PROVIDER"
	for rw in read write pair; do fio_profile $rw "$1" "$2"; done
}
if [ "${PROFILE_SECS:-0}" -gt 0 ] && command -v perf >/dev/null; then
	for cs in $CHUNKS; do profile_row "$cs" "$DEPTH"; done
	for q in $DEPTHS; do
		[ "$q" = "$DEPTH" ] && case " $CHUNKS " in *" $CHUNK "*) continue ;; esac
		profile_row "$CHUNK" "$q"
	done
	# The same copy through host memory, for contrast.
	profile "module-host-$CHUNK-q$DEPTH" p2pdma --quiet copy -D "$PROFILE_SECS" -s "$CHUNK" \
		-q "$DEPTH" -l $range "$P2PDMA_SRC" "$P2PDMA_DST" none
	profile "uring-4k-q$DEPTH" p2pdma --quiet copy --engine user -D "$PROFILE_SECS" -s 4k \
		-q "$DEPTH" -l $range "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_PROVIDER"
	profile "sync-4k-q1" p2pdma --quiet copy --engine user --sync -D "$PROFILE_SECS" -s 4k \
		-l $range "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_PROVIDER"
fi

clocksource
[ -n "${MODULE:-}" ] || rmmod p2pdma_harness
