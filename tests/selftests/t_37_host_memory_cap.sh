#!/bin/sh
# Host-memory buffers are capped: a host-mode request for 64 GiB of buffers
# (4 MiB chunks, depth 256, 64 streams) on the 64 GiB sparse virtio disk is
# refused up front, the refusal giving the cap in MiB, and the guest does
# not run out of memory trying; a small host-mode copy on the same device
# still works afterwards.
# needs: nonp2p destructive
. ./lib.sh
load_module
[ -n "$P2PDMA_NONP2P" ] || fail "no virtio disk with serial virt0"
size=$(blockdev --getsize64 "$P2PDMA_NONP2P") || fail "size of $P2PDMA_NONP2P"
# The request needs 48 GiB of it: room for the refusal to be the cap's.
[ "$size" -ge $((64 << 30)) ] ||
	skip "needs P2PDMA_NONP2P of 64 GiB or more; $P2PDMA_NONP2P has $size bytes"
p2pdma jobs >/tmp/jobs.out || fail "jobs"
jobs_before=$(wc -l </tmp/jobs.out)
expect_refusal "MiB" \
	p2pdma copy -s 4M -q 256 -t 64 -l 16G --dst-offset 32G "$P2PDMA_NONP2P" "$P2PDMA_NONP2P" none
grep -q "copy refused:" /tmp/refusal.out || fail "the kernel did not refuse it"
p2pdma jobs >/tmp/jobs.out || fail "jobs"
[ "$(wc -l </tmp/jobs.out)" = "$jobs_before" ] || fail "the refused job was listed"
dmesg >/tmp/dmesg.out || fail "dmesg"
grep -q "invoked oom-killer" /tmp/dmesg.out && fail "the OOM killer ran"

p2pdma fill --seed 37 -l 1M "$P2PDMA_NONP2P" || fail "fill"
p2pdma copy -s 64k -q 4 -l 1M --dst-offset 32G "$P2PDMA_NONP2P" "$P2PDMA_NONP2P" none >/tmp/copy.out 2>&1 ||
	{ cat /tmp/copy.out; fail "a small host-mode copy on $P2PDMA_NONP2P after the refusal"; }
p2pdma check --seed 37 -l 1M --dst-offset 32G "$P2PDMA_NONP2P" >/dev/null || fail "the small copy's data"
