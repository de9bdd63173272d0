#!/bin/sh
# Guest job of 'make bench': every configuration, REPS times, as lines
#   BENCH,kind,mode,chunk,depth,streams,rep,bytes,seconds,cpu_seconds
# kind: module (p2pdma copy), fio-read / fio-write (fio into and out of the
# same buffers), user (p2pcopy-user, one synchronous I/O per thread).
# mode: p2p (switch CMB, SRC -> DST), p2p-dst (SRC -> the CMB device itself,
# its own memory as buffer), host (system memory).
# cpu_seconds is the guest's own busy time (user+nice+system+irq+softirq
# in /proc/stat, all CPUs) per byte moved while the tool was moving data,
# times the bytes of the run: sampled every 100 ms (busy-sample), from the
# first interval in which the device moved data to the last, both left out,
# so that no tool's start-up or exit is counted (under TCG fio
# spends 5 to 14 s of CPU starting, more than a run costs).
# The devices as the selftests find them: in the bed, from its discovery;
# on real devices, bench.sh --real sets P2PDMA_SRC, P2PDMA_DST and
# P2PDMA_PROVIDER and names this file.
. "${P2PDMA_DEVICES:-/selftests/devices.sh}"
. "${BENCH_CONF:-./bench.conf}"
[ -d /sys/module/p2pdma_harness ] || insmod "${MODULE:-/lib/p2pdma_harness.ko}" || exit 1
alloc=/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem/allocate
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
range=32M

# Runs a command, its output in $out, while sampling; sets window_bytes and
# window_jiffies to what DEV moved and what the guest spent in the counted
# intervals.
measured() {	# dev read|write command...
	busy-sample "$1" "$2" 100 >/tmp/samples &
	sampler=$!
	shift 2
	out=$("$@" 2>&1)
	kill $sampler
	wait $sampler 2>/dev/null
	# From the first interval that moved data to the last, both left out.
	set -- $(awk 'NR > 1 { n++; b[n] = ($2 - ps) * 512; c[n] = $1 - pc
			if (b[n] > 0) { if (!first) first = n; last = n } }
		{ ps = $2; pc = $1 }
		END { for (i = first + 1; i < last; i++) { B += b[i]; C += c[i] }
			print B + 0, C + 0 }' /tmp/samples)
	window_bytes=$1 window_jiffies=$2
}

emit() {	# kind mode chunk depth streams rep bytes seconds
	echo "BENCH,$1,$2,$3,$4,$5,$6,$7,$8,$(awk -v b="$7" -v wb="$window_bytes" \
		-v wj="$window_jiffies" -v hz="$hz" \
		'BEGIN { if (wb > 0) printf "%.3f", wj / hz * b / wb; else printf "NA" }')"
}

module() {	# mode chunk depth streams rep
	dst=$P2PDMA_DST
	case $1 in
	p2p) provider=auto ;;
	p2p-dst) dst=$P2PDMA_PROVIDER_DISK provider=$P2PDMA_PROVIDER ;;
	host) provider=none ;;
	esac
	measured "$dst" write p2pdma --quiet copy --summary -D "$DUR" -s "$2" -q "$3" \
		-t "$4" -l $range "$P2PDMA_SRC" "$dst" $provider
	case $out in
	"ok copy"*) ;;
	*) echo "# module $*: $out"; return ;;
	esac
	bytes=$(echo "$out" | sed 's/.* bytes=\([0-9]*\).*/\1/')
	secs=$(echo "$out" | sed 's/.* seconds=\([0-9.]*\).*/\1/')
	emit module "$@" "$bytes" "$secs"
}

fio_run() {	# read|write mode chunk depth streams rep
	dev=$P2PDMA_SRC
	[ "$1" = write ] && dev=$P2PDMA_DST
	mem=
	[ "$2" = p2p ] && mem=--iomem=mmapshared:$alloc
	measured "$dev" "$1" fio --name=bench --filename="$dev" --rw="$1" --bs="$3" \
		--iodepth="$4" --numjobs="$5" --ioengine=libaio --direct=1 --time_based \
		--runtime="$DUR" --size=$range --group_reporting $mem \
		--output-format=terse --terse-version=3
	# terse v3: read KiB and ms in fields 6 and 9, write in 47 and 50
	f=6
	[ "$1" = write ] && f=47
	kib=$(echo "$out" | awk -F';' -v f=$f 'NF > 50 { print $f }')
	ms=$(echo "$out" | awk -F';' -v f=$((f + 3)) 'NF > 50 { print $f }')
	[ -n "$kib" ] || { echo "# fio $*: $(echo "$out" | tail -n 2)"; return; }
	emit "fio-$1" "$2" "$3" "$4" "$5" "$6" $((kib * 1024)) \
		"$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
}

user() {	# mode chunk streams rep
	mem=
	[ "$1" = p2p ] && mem="-m $alloc"
	measured "$P2PDMA_DST" write p2pcopy-user $mem -s "$(numfmt "$2")" -t "$3" -D "$DUR" \
		-l 33554432 "$P2PDMA_SRC" "$P2PDMA_DST"
	case $out in
	bytes=*) ;;
	*) echo "# user $*: $out"; return ;;
	esac
	bytes=$(echo "$out" | sed 's/bytes=\([0-9]*\).*/\1/')
	secs=$(echo "$out" | sed 's/.* seconds=\([0-9.]*\).*/\1/')
	emit user "$1" "$2" 1 "$3" "$4" "$bytes" "$secs"
}

numfmt() {
	case $1 in
	*k) echo $((${1%k} * 1024)) ;;
	*M) echo $((${1%M} * 1048576)) ;;
	*) echo "$1" ;;
	esac
}

# A first copy so that nothing is measured cold.
p2pdma --quiet copy -s 64k -l $range "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null

rep=1
while [ $rep -le "$REPS" ]; do
	for cs in $CHUNKS; do
		for mode in p2p p2p-dst host; do module $mode "$cs" "$DEPTH" 1 $rep; done
		for mode in p2p host; do
			fio_run read $mode "$cs" "$DEPTH" 1 $rep
			fio_run write $mode "$cs" "$DEPTH" 1 $rep
			user $mode "$cs" 1 $rep
		done
	done
	for q in $DEPTHS; do
		[ "$q" = "$DEPTH" ] && continue
		for mode in p2p host; do module $mode "$CHUNK" "$q" 1 $rep; done
		fio_run read p2p "$CHUNK" "$q" 1 $rep
		fio_run write p2p "$CHUNK" "$q" 1 $rep
	done
	for t in $STREAMS; do
		[ "$t" = 1 ] && continue
		module p2p "$SMALL" "$DEPTH" "$t" $rep
		user p2p "$SMALL" "$t" $rep
	done
	rep=$((rep + 1))
done
# Where the time goes, for the figures above: the guest's own profile (perf,
# all CPUs, cpu-clock: TCG has no hardware counters) of a few runs, each
# announced on the console so that the host can profile QEMU alongside.
profile() {	# name command...
	name=$1
	shift
	echo "BENCH-PROFILE-START $name $PROFILE_SECS"
	perf record -q -a -F 250 -e cpu-clock -o /tmp/perf.data -- "$@" >/dev/null 2>&1 ||
		{ echo "# profile $name: perf record failed"; return; }
	for sort in comm sym; do
		perf report -i /tmp/perf.data --stdio --sort $sort --percent-limit 1 \
			2>/dev/null | grep -v '^#' | grep . | sed "s/^/PROF,$name,$sort,/"
	done
}
fio_profile() {	# read|write chunk
	dev=$P2PDMA_SRC
	[ "$1" = write ] && dev=$P2PDMA_DST
	profile "fio-$1-$2" fio --name=profile --filename="$dev" --rw="$1" --bs="$2" \
		--iodepth="$DEPTH" --ioengine=libaio --direct=1 --time_based \
		--runtime="$PROFILE_SECS" --size=$range --iomem=mmapshared:$alloc
}
if [ "${PROFILE_SECS:-0}" -gt 0 ] && command -v perf >/dev/null; then
	for cs in $SMALL 1M; do
		profile "module-$cs" p2pdma --quiet copy -D "$PROFILE_SECS" -s "$cs" -q "$DEPTH" \
			-l $range "$P2PDMA_SRC" "$P2PDMA_DST"
		fio_profile read "$cs"
		fio_profile write "$cs"
	done
	profile "user-$SMALL" p2pcopy-user -m "$alloc" -s "$(numfmt $SMALL)" -t 1 \
		-D "$PROFILE_SECS" -l 33554432 "$P2PDMA_SRC" "$P2PDMA_DST"
fi

[ -n "${MODULE:-}" ] || rmmod p2pdma_harness
