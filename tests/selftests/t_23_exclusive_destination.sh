# The destination is claimed: a mounted file system refuses the job; two
# jobs may share a device only in ranges that do not overlap.
. ./lib.sh
load_module
# Whatever happens, leave the device unmounted for the tests after this.
trap 'umount /mnt/dst 2>/dev/null' EXIT
mke2fs -q "$BED_DST" >/dev/null 2>&1 || fail "mke2fs"
mkdir -p /mnt/dst && mount -t ext2 "$BED_DST" /mnt/dst || fail "mount"
expect_refusal "is in use" p2pdma copy -s 64k -c 16 "$BED_SRC" "$BED_DST"
umount /mnt/dst || fail "umount"

a=$(p2pdma copy --detach -D 30 -s 4k -q 1 -l 1M "$BED_SRC" "$BED_DST") || fail "job a"
expect_refusal "job $a is writing to that range" \
	p2pdma copy -s 64k -q 2 -l 1M --dst-offset 512k "$BED_SRC" "$BED_DST"
b=$(p2pdma copy --detach -s 64k -q 2 -l 1M --dst-offset 1M "$BED_SRC" "$BED_DST") ||
	fail "a job beside another on the same device was refused"
p2pdma wait "$b" >/dev/null || fail "job b"
p2pdma cancel "$a"
p2pdma wait "$a" >/dev/null
true
