#!/bin/sh
# 'copy --check' asks the kernel (a dry run) before it fills the source with
# its pattern: a --check copy the kernel refuses -- here through the far
# provider, which cannot reach the switch pair -- leaves the source as it
# was, and starts no job.
# needs: src dst far destructive
. ./lib.sh
load_module
[ -n "$P2PDMA_FAR_PCI" ] || fail "no NVMe with serial far0"
p2pdma fill --seed 30 -l 1M "$P2PDMA_SRC" || fail "fill"
range_sum_to src_before "$P2PDMA_SRC" 0 1048576
range_sum_to dst_before "$P2PDMA_DST" 0 1048576
p2pdma jobs >/tmp/jobs.out || fail "jobs"
jobs_before=$(wc -l </tmp/jobs.out)
# Another seed: a fill before the refusal would show.
expect_refusal "no P2P path from provider $P2PDMA_FAR_PCI: the host bridge does not forward P2P" \
	p2pdma copy --check --seed 31 -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_FAR_PCI"
range_sum_to now "$P2PDMA_SRC" 0 1048576
[ "$now" = "$src_before" ] ||
	fail "the source was overwritten by a --check copy the kernel refused"
p2pdma check --seed 30 -l 1M "$P2PDMA_SRC" >/dev/null || fail "the source no longer holds its pattern"
range_sum_to now "$P2PDMA_DST" 0 1048576
[ "$now" = "$dst_before" ] || fail "the destination changed"
p2pdma jobs >/tmp/jobs.out || fail "jobs"
[ "$(wc -l </tmp/jobs.out)" = "$jobs_before" ] || fail "the refused dry run was listed as a job"
