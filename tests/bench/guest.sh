#!/bin/sh
# Guest job of 'make bench': every configuration, REPS times, as lines
#   BENCH,kind,mode,chunk,depth,streams,rep,bytes,seconds,cpu_seconds
# kind: module (p2pdma copy), fio-read / fio-write (fio into and out of the
# same buffers), user (p2pcopy-user, one synchronous I/O per thread).
# mode: p2p (switch CMB, SRC -> DST), p2p-dst (SRC -> the CMB device itself,
# its own memory as buffer), host (system memory).
# cpu_seconds is the guest's own busy time (user+nice+system+irq+softirq
# in /proc/stat, all CPUs) over the run, less what the same tool costs to
# start and stop: a one-I/O run of it, measured at the start of every
# repetition.  Under TCG fio's start-up alone costs seconds.
# On real devices, bench.sh --real sets BED_SRC, BED_DST, BED_CMB, BED_CMB_PCI.
[ -n "${BED_SRC:-}" ] || . /etc/bed.env
. "${BENCH_CONF:-./bench.conf}"
[ -d /sys/module/p2pdma_harness ] || insmod "${MODULE:-/lib/p2pdma_harness.ko}" || exit 1
alloc=/sys/bus/pci/devices/$BED_CMB_PCI/p2pmem/allocate
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
range=32M

busy() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

startup_module=0 startup_fio=0 startup_user=0

emit() {	# kind mode chunk depth streams rep bytes seconds busy0 busy1
	case $1 in
	module) s=$startup_module ;;
	fio-*) s=$startup_fio ;;
	*) s=$startup_user ;;
	esac
	echo "BENCH,$1,$2,$3,$4,$5,$6,$7,$8,$(awk -v a="$9" -v b="${10}" -v s="$s" -v hz="$hz" \
		'BEGIN { c = (b - a - s) / hz; printf "%.3f", (c > 0 ? c : 0) }')"
}

# Busy jiffies of one command.
cost() {
	b0=$(busy)
	"$@" >/dev/null 2>&1
	b1=$(busy)
	echo $((b1 - b0))
}

measure_startup() {
	startup_module=$(cost p2pdma --quiet copy -s 4k -c 1 "$BED_SRC" "$BED_DST")
	startup_fio=$(cost fio --name=startup --filename="$BED_SRC" --rw=read --bs=4k \
		--size=4k --ioengine=libaio --direct=1)
	startup_user=$(cost p2pcopy-user -s 4096 -t 1 -D 0.001 -l 1048576 "$BED_SRC" "$BED_DST")
	echo "# start-up cost in jiffies at ${hz} Hz: module $startup_module, fio $startup_fio, user $startup_user"
}

module() {	# mode chunk depth streams rep
	case $1 in
	p2p) args="$BED_SRC $BED_DST auto" ;;
	p2p-dst) args="$BED_SRC $BED_CMB $BED_CMB_PCI" ;;
	host) args="$BED_SRC $BED_DST none" ;;
	esac
	b0=$(busy)
	line=$(p2pdma --quiet copy --summary -D "$DUR" -s "$2" -q "$3" -t "$4" -l $range $args 2>&1)
	b1=$(busy)
	case $line in
	"ok copy"*) ;;
	*) echo "# module $*: $line"; return ;;
	esac
	bytes=$(echo "$line" | sed 's/.* bytes=\([0-9]*\).*/\1/')
	secs=$(echo "$line" | sed 's/.* seconds=\([0-9.]*\).*/\1/')
	emit module "$@" "$bytes" "$secs" "$b0" "$b1"
}

fio_run() {	# read|write mode chunk depth streams rep
	dev=$BED_SRC
	[ "$1" = write ] && dev=$BED_DST
	mem=
	[ "$2" = p2p ] && mem=--iomem=mmapshared:$alloc
	b0=$(busy)
	out=$(fio --name=bench --filename="$dev" --rw="$1" --bs="$3" --iodepth="$4" \
		--numjobs="$5" --ioengine=libaio --direct=1 --time_based \
		--runtime="$DUR" --size=$range --group_reporting $mem \
		--output-format=terse --terse-version=3 2>&1)
	b1=$(busy)
	# terse v3: read KiB and ms in fields 6 and 9, write in 47 and 50
	f=6
	[ "$1" = write ] && f=47
	kib=$(echo "$out" | awk -F';' -v f=$f 'NF > 50 { print $f }')
	ms=$(echo "$out" | awk -F';' -v f=$((f + 3)) 'NF > 50 { print $f }')
	[ -n "$kib" ] || { echo "# fio $*: $(echo "$out" | tail -n 2)"; return; }
	emit "fio-$1" "$2" "$3" "$4" "$5" "$6" $((kib * 1024)) \
		"$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')" "$b0" "$b1"
}

user() {	# mode chunk streams rep
	mem=
	[ "$1" = p2p ] && mem="-m $alloc"
	b0=$(busy)
	out=$(p2pcopy-user $mem -s "$(numfmt "$2")" -t "$3" -D "$DUR" -l 33554432 "$BED_SRC" "$BED_DST" 2>&1)
	b1=$(busy)
	case $out in
	bytes=*) ;;
	*) echo "# user $*: $out"; return ;;
	esac
	bytes=$(echo "$out" | sed 's/bytes=\([0-9]*\).*/\1/')
	secs=$(echo "$out" | sed 's/.* seconds=\([0-9.]*\).*/\1/')
	emit user "$1" "$2" 1 "$3" "$4" "$bytes" "$secs" "$b0" "$b1"
}

numfmt() {
	case $1 in
	*k) echo $((${1%k} * 1024)) ;;
	*M) echo $((${1%M} * 1048576)) ;;
	*) echo "$1" ;;
	esac
}

# A first copy so that nothing is measured cold.
p2pdma --quiet copy -s 64k -l $range "$BED_SRC" "$BED_DST" >/dev/null

rep=1
while [ $rep -le "$REPS" ]; do
	measure_startup
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
[ -n "${MODULE:-}" ] || rmmod p2pdma_harness
