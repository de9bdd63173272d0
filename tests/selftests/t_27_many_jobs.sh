#!/bin/sh
# Many jobs at once, each on its own megabyte of the destination, every
# byte checked; and a job that wants more p2pmem than there is gets a clean
# refusal, with nothing started.
# needs: src dst destructive
. ./lib.sh
load_module
n=${P2PDMA_MANY_JOBS:-16}

# Timed jobs, long enough to overlap, with one 256 KiB chunk in flight
# each: with 4 KiB chunks, the completions of the jobs already running
# kept the CPUs so busy that starting the 16 took 82 s in the bed.
ids=
i=0
while [ $i -lt $n ]; do
	id=$(p2pdma copy --detach -D 600 -s 256k -q 1 -l 1M --src-offset ${i}M --dst-offset ${i}M \
		"$P2PDMA_SRC" "$P2PDMA_DST") || fail "timed job $i refused"
	ids="$ids $id"
	i=$((i + 1))
done
running=$(job_count running) || fail "p2pdma jobs"
echo "$running of $n jobs running at once"
p2pdma cancel $ids || fail "cancel $ids"
p2pdma wait $ids >/dev/null && fail "wait on cancelled jobs$ids returned success"
[ "$running" = "$n" ] || fail "only $running of $n jobs ran at once"

# The same slices as one pass each, to check every byte.
p2pdma fill --seed 27 -l ${n}M "$P2PDMA_SRC" || fail "fill"
ids=
i=0
while [ $i -lt $n ]; do
	id=$(p2pdma copy --detach -s 256k -q 4 -l 1M --src-offset ${i}M --dst-offset ${i}M \
		"$P2PDMA_SRC" "$P2PDMA_DST") || fail "job $i refused"
	ids="$ids $id"
	i=$((i + 1))
done
p2pdma wait $ids >/dev/null || fail "not all of jobs$ids completed"
p2pdma check --seed 27 -l ${n}M "$P2PDMA_DST" || fail "data of the $n jobs"
echo "$n jobs, $((n * 1048576)) bytes verified"

jobs_before=$(job_count) || fail "p2pdma jobs"
expect_refusal "cannot allocate 128 buffers" \
	p2pdma copy -s 1M -q 128 -l 128M "$P2PDMA_SRC" "$P2PDMA_DST"
jobs_after=$(job_count) || fail "p2pdma jobs"
[ "$jobs_after" = "$jobs_before" ] || fail "the refused job was listed"
