#!/bin/sh
# Jobs share their provider's p2pmem, and one that cannot have all its
# buffers is refused, not started short.  Jobs of 4 MiB chunks at depth 6
# hold 24 MiB each (the pool's 'available' drops by exactly that): while
# as many run as the CMB's 64 MiB holds (two), a further one is refused
# with the memory figure ("cannot allocate 6 buffers of 4194304 bytes of
# p2p memory"), is not listed, and leaves the pool as it was (the buffers
# it did get are given back).  The running jobs are not disturbed: once
# each has passed over all of its range they are cancelled, every byte of
# their ranges is checked, and the pool is whole.  The holders are timed
# (-D 600) so that they are still running, by construction, when the
# further job asks, however slow the machine; each wraps in a 24 MiB
# range of its own.
# needs: src dst provider destructive
. ./lib.sh
load_module
pool=/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem
chunk=4194304
depth=6
len=$((chunk * depth))
secs=600
seed=44
size=$(cat "$pool/size") && avail=$(cat "$pool/available") || fail "read $pool"
[ "$avail" = "$size" ] || fail "$avail of $size bytes of p2pmem free before the test"
n=$((size / len))
[ $n -ge 1 ] || fail "a pool of $size bytes cannot hold even one job of $len"
dev_size=$(blockdev --getsize64 "$P2PDMA_SRC") && dst_size=$(blockdev --getsize64 "$P2PDMA_DST") ||
	fail "device sizes"
[ $(((n + 1) * len)) -le "$dev_size" ] && [ $(((n + 1) * len)) -le "$dst_size" ] ||
	fail "$n + 1 ranges of $len bytes do not fit on $P2PDMA_SRC and $P2PDMA_DST"
echo "p2pmem of $P2PDMA_PROVIDER: $size bytes; $n jobs of $len bytes fit, the next does not"

ids=
# Whatever happens, no job of this test outlives it.
trap 'for id in $ids; do p2pdma cancel "$id" >/dev/null 2>&1 && p2pdma wait "$id" >/dev/null 2>&1; done' EXIT
holding() {	# none of the holders has ended
	for id in $ids; do
		[ "$(job_state "$id")" = running ] || return 1
	done
}
states() { for id in $ids; do printf ' %s:%s' "$id" "$(job_state "$id")"; done; }

# One fill per job: the pattern numbers blocks from the start of a fill.
i=0
while [ $i -lt $n ]; do
	p2pdma fill --seed $seed -l $len --offset $((i * len)) "$P2PDMA_SRC" || fail "fill range $i"
	i=$((i + 1))
done
i=0
while [ $i -lt $n ]; do
	id=$(p2pdma copy --detach -D $secs -s $chunk -q $depth -l $len \
		--src-offset $((i * len)) --dst-offset $((i * len)) "$P2PDMA_SRC" "$P2PDMA_DST") ||
		fail "job $i of $n, holding $((i * len)) bytes of p2pmem before it, refused"
	ids="$ids $id"
	i=$((i + 1))
done
avail=$(cat "$pool/available") || fail "read $pool/available"
# Read while all were running: each held exactly its buffers.
holding || fail "a job ended within $secs s:$(states)"
echo "jobs$ids running, $avail bytes of p2pmem free"
[ "$avail" = $((size - n * len)) ] ||
	fail "$avail bytes of p2pmem free while $n jobs of $len bytes run, expected $((size - n * len))"

jobs_before=$(job_count) || fail "p2pdma jobs"
if p2pdma copy --detach -D $secs -s $chunk -q $depth -l $len --src-offset $((n * len)) \
	--dst-offset $((n * len)) "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/pool.out 2>&1; then
	cat /tmp/pool.out
	extra=$(head -n 1 /tmp/pool.out)
	p2pdma cancel "$extra" && p2pdma wait "$extra" >/dev/null
	fail "a job needing $len bytes started with $avail bytes of p2pmem free:$(states)"
fi
cat /tmp/pool.out
grep -q "cannot allocate $depth buffers of $chunk bytes of p2p memory" /tmp/pool.out ||
	fail "the refusal does not say 'cannot allocate $depth buffers of $chunk bytes of p2p memory'"
after=$(cat "$pool/available") || fail "read $pool/available"
holding || fail "a job ended before the refusal was checked:$(states)"
[ "$after" = "$avail" ] ||
	fail "the refused job changed the free p2pmem from $avail to $after bytes"
jobs_after=$(job_count) || fail "p2pdma jobs"
[ "$jobs_after" = "$jobs_before" ] || fail "the refused job was listed: $(cat /tmp/jobs_listed.out)"
echo "a further job of $len bytes refused, the pool untouched"

# A job has passed over its whole range once.
one_pass() {
	command p2pdma status -j "$1" >/tmp/pool.json 2>/dev/null || return 1
	[ "$(job_bytes_polled /tmp/pool.json)" -ge $len ] 2>/dev/null
}
i=0
for id in $ids; do
	poll_until 300 one_pass "$id" || fail "job $id did not pass over its $len bytes"
	p2pdma cancel "$id" || fail "cancel job $id"
	p2pdma wait -j "$id" >/tmp/pool.json 2>/tmp/pool.err
	json_read /tmp/pool.json state=".jobs[0].state" bytes=".jobs[0].bytes" &&
		[ "$state" = cancelled ] ||
		{ cat /tmp/pool.json /tmp/pool.err; fail "job $id did not end cancelled"; }
	p2pdma check --seed $seed -l $len --src-offset $((i * len)) --dst-offset $((i * len)) \
		"$P2PDMA_DST" >/tmp/pool.chk 2>&1 || { cat /tmp/pool.chk; fail "data of job $id"; }
	echo "job $id cancelled after $bytes bytes, its $len-byte range checked"
	i=$((i + 1))
done
ids=
avail=$(cat "$pool/available") || fail "read $pool/available"
[ "$avail" = "$size" ] || fail "$avail of $size bytes of p2pmem free after the jobs ended"
