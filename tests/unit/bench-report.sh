#!/usr/bin/env bash
# The bench's verdicts (tests/bench/report.awk), on made-up runs: a whole
# run passes and its targets are worked out from tests/bench/targets as
# ratios of medians (of one peer, or the min of two), what fio does of a
# read and a write at once is put as shares of each alone, and a target
# no row can take is named; a run of the plan with fewer results than
# REPS, or a p2p run that held less p2pmem than its buffers need, fails
# the bench.  Then the profiled runs' table (tests/bench/profiles.awk).
# KTAP; closes with "bench-report: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-bench-report.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0 bad=0

verdict() {	# NAME WANT_STATUS PATTERN FILE
	local got
	n=$((n + 1))
	gawk -f "$top/tests/bench/report.awk" -v out="$work" -v reps=2 -v dur=2 \
		-v depth=16 -v chunk=64k -v range=32M -v kernel=test -v date=today \
		"$top/tests/bench/targets" "$work/plan.csv" "$work/raw.csv" >"$work/out" 2>&1
	got=$?
	if [ "$got" = "$2" ] && grep -q -e "$3" "$work/$4"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1: exit $got (expected $2), '$3' in $4:"
		sed 's/^/# /' "$work/$4"
		bad=$((bad + 1))
	fi
}

cat >"$work/plan.csv" <<'EOF'
module,p2p,64k,16,1
module-ra,p2p,64k,16,1
fio-read,p2p,64k,16,1
fio-write,p2p,64k,16,1
pair-read,p2p,64k,16,1
pair-write,p2p,64k,16,1
module,host,64k,16,1
module-ra,p2p,1M,64,1
EOF
# kind,mode,chunk,depth,streams,rep,bytes,seconds,cpu_s,p2p_held; 64k x 16
# x 2 buffers = 2 MiB for read-ahead and for a pair, 1 MiB for fio.
cat >"$work/raw.csv" <<'EOF'
module,p2p,64k,16,1,1,8000000,2,1.0,1048576
module,p2p,64k,16,1,2,8000000,2,1.0,1048576
module-ra,p2p,64k,16,1,1,20000000,2,1.0,2097152
module-ra,p2p,64k,16,1,2,24000000,2,1.0,2097152
fio-read,p2p,64k,16,1,1,20000000,2,2.0,1048576
fio-read,p2p,64k,16,1,2,20000000,2,2.0,1048576
fio-write,p2p,64k,16,1,1,10000000,2,2.0,1048576
fio-write,p2p,64k,16,1,2,14000000,2,2.0,1048576
pair-read,p2p,64k,16,1,1,10000000,2,NA,2097152
pair-read,p2p,64k,16,1,2,10000000,2,NA,2097152
pair-write,p2p,64k,16,1,1,4000000,2,2.0,2097152
pair-write,p2p,64k,16,1,2,4000000,2,2.0,2097152
module,host,64k,16,1,1,50000000,2,1.0,0
module,host,64k,16,1,2,50000000,2,1.0,0
module-ra,p2p,1M,64,1,1,20000000,2,1.0,33554432
module-ra,p2p,1M,64,1,2,20000000,2,1.0,33554432
EOF
# Medians: copy 11 MB/s, fio 10 and 6 MB/s: 11 / 6 = 1.83.
verdict "a whole run passes" 0 "copy-vs-fio,64k,16,1,MBps,module-ra:p2p,11,min(fio-read:p2p,fio-write:p2p),6,1.83" targets.csv
# Both at once fio read 5 and wrote 2 MB/s: the copy's 11 is 5.5 x 2.
verdict "a baseline of the pair" 0 "copy-vs-pair,64k,16,1,MBps,module-ra:p2p,11,min(pair-read:p2p,pair-write:p2p),2,5.5" targets.csv
# 5 of fio's 10 MB/s reading alone, 2 of its 6 writing: 0.50 + 0.33.
verdict "the pair as shares of each alone" 0 "| 64k | 16 | 0.50 | 0.33 | 0.83 |" summary.md
verdict "the summary has the row and the target" 0 "| 64k | 16 | 1 | p2p | .* | 11.00 |" summary.md
# 2 x 64 buffers of 1M would not fit a 32M range: a timed stream has one
# slot per chunk at most, 32 here, and 32 MiB held is all of them.
verdict "slots capped by the range" 0 "^module-ra,p2p,1M,64,1,2,.*,33554432$" results.csv
verdict "a target no row can take is said" 0 "kernel-vs-uring 4k,\*,\*: not evaluated" out

sed -i '/^module,host,64k,16,1,2,/d' "$work/raw.csv"
verdict "a run with fewer results than REPS fails" 1 "MISSING   module,host 64k depth 16 streams 1: 1 of 2 runs" out
echo "module,host,64k,16,1,2,50000000,2,1.0,0" >>"$work/raw.csv"

sed -i 's/^\(fio-write,p2p,64k,16,1,2,14000000,2,2.0\),1048576/\1,4096/; s/^\(fio-write,p2p,64k,16,1,1,10000000,2,2.0\),1048576/\1,4096/' "$work/raw.csv"
verdict "a p2p run without its p2pmem fails" 1 "NOT P2P   fio-write,p2p 64k depth 16 streams 1 held 4096" out

sed -i 's/^fio-write,p2p,64k,16,1,\([12]\),\(.*\),4096$/fio-write,p2p,64k,16,1,\1,\2,1048576/' "$work/raw.csv"
# A pair holding one job's buffers: the other's were not p2pmem.
sed -i 's/^\(pair-write,p2p,.*\),2097152$/\1,1048576/' "$work/raw.csv"
verdict "a pair without both jobs' p2pmem fails" 1 "NOT P2P   pair-write,p2p 64k depth 16 streams 1 held 1048576" out

# The profiled runs side by side (profiles.awk): QEMU's threads summed by
# kind, the bounce buffer's waits, the guest's idle share and its busiest
# function other than idling.
n=$((n + 1))
cat >"$work/profile-qemu-run.txt" <<'EOF'
comm,    60.00%  qemu-system-x86
cores,qemu-system-x86,0.80
cores,CPU 0/TCG,0.25
cores,CPU 1/TCG,0.15
cores,worker,0.20
main-loop sym,    10.00%  [k] finish_task_switch.isra.0
bounce-waits,12345
EOF
cat >"$work/profile-guest-run.txt" <<'EOF'
comm,    90.50%  swapper
comm,     5.00%  p2pdma
sym,    88.00%  [k] default_idle
sym,     3.25%  [k] nvme_queue_rqs
EOF
want="| run | 0.80 | 0.40 | 0.20 | 1.40 | 12345 | 90.50% | nvme_queue_rqs (3.25%) |"
if gawk -f "$top/tests/bench/profiles.awk" -v dir="$work" -v secs=8 run >"$work/out" &&
	grep -qxF "$want" "$work/out"; then
	echo "ok $n - the profiled runs side by side"
else
	echo "not ok $n - the profiled runs side by side: no '$want' in:"
	sed 's/^/# /' "$work/out"
	bad=$((bad + 1))
fi

echo "bench-report: $((n - bad)) passed, $bad failed"
[ $bad = 0 ]
