#!/bin/sh
# The destination is claimed: a mounted file system refuses the job in the
# kernel, even with --force.  Unmounted, its ext2 signature still makes the
# runner refuse to write it (copy, fill, or a --check copy from it) unless
# --force, naming the signature, with nothing written.  Two jobs may share
# a device only in ranges that do not overlap.
# needs: src dst destructive
. ./lib.sh
load_module
# Whatever happens, leave the device unmounted and without a signature, or
# the runner refuses the tests after this one.
wipe_dst() {
	dd if=/dev/zero of="$P2PDMA_DST" bs=1M count=1 oflag=direct conv=notrunc 2>/dev/null
}
trap 'umount /mnt/dst 2>/dev/null; wipe_dst' EXIT
mke2fs -q "$P2PDMA_DST" >/dev/null 2>&1 || fail "mke2fs"
mkdir -p /mnt/dst && mount -t ext2 "$P2PDMA_DST" /mnt/dst || fail "mount"
expect_refusal "is in use" p2pdma copy --force -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST"
umount /mnt/dst || fail "umount"

# Unmounted: the runner reads the signature and refuses, exit status 2.
range_sum_to fs_sum "$P2PDMA_DST" 0 1048576
range_sum_to src_sum "$P2PDMA_SRC" 0 1048576
expect_status 2 "signature" p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST"
grep -q ext2 /tmp/status.out || fail "the refusal to write $P2PDMA_DST does not name ext2"
expect_status 2 "signature" p2pdma fill --seed 23 -l 1M "$P2PDMA_DST"
grep -q ext2 /tmp/status.out || fail "the refusal to fill $P2PDMA_DST does not name ext2"
# --check would fill its source: the file system, here.
expect_status 2 "signature" p2pdma copy --check --seed 23 -s 64k -c 16 "$P2PDMA_DST" "$P2PDMA_SRC"
grep -q ext2 /tmp/status.out || fail "the refusal to --check from $P2PDMA_DST does not name ext2"
range_sum_to now "$P2PDMA_DST" 0 1048576
[ "$now" = "$fs_sum" ] || fail "the file system's first megabyte changed"
range_sum_to now "$P2PDMA_SRC" 0 1048576
[ "$now" = "$src_sum" ] || fail "the source changed"
# --force overrides it (a range clear of the superblock, so the signature
# stays for the check below).
p2pdma copy --force -s 64k -c 16 --dst-offset 4M "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/force.out 2>&1 ||
	{ cat /tmp/force.out; fail "copy --force to an unmounted ext2 device refused"; }
range_sum_to now "$P2PDMA_DST" 0 1048576
[ "$now" = "$fs_sum" ] || fail "the superblock went before the wipe"
wipe_dst || fail "wipe the ext2 signature"

# Without the signature, no --force needed.
a=$(p2pdma copy --detach -D 600 -s 256k -q 1 -l 1M "$P2PDMA_SRC" "$P2PDMA_DST") || fail "job a"
expect_refusal "job $a is writing to that range" \
	p2pdma copy -s 64k -q 2 -l 1M --dst-offset 512k "$P2PDMA_SRC" "$P2PDMA_DST"
b=$(p2pdma copy --detach -s 64k -q 2 -l 1M --dst-offset 1M "$P2PDMA_SRC" "$P2PDMA_DST") ||
	fail "a job beside another on the same device was refused"
p2pdma wait "$b" >/dev/null || fail "job b"
p2pdma cancel "$a" || fail "cancel job a ($a)"
p2pdma wait "$a" >/dev/null && fail "wait on cancelled job a ($a) returned success"
[ "$(job_state "$a")" = cancelled ] || fail "job a ($a) ended as $(job_state "$a")"
