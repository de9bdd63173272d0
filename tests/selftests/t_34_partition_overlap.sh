#!/bin/sh
# A partition and its whole disk are one device: the kernel compares their
# ranges at absolute disk offsets.  With a partition from 1 MiB on the
# source disk, ranges that overlap on the disk are refused either way round
# (though their offsets differ), and ranges at equal offsets that do not
# overlap on the disk copy.  Without --force, the runner refuses to write
# the whole disk where a partition lies ("overlap partition").
# needs: src dst destructive
. ./lib.sh
load_module
disk=$P2PDMA_SRC
name=${disk#/dev/}
p1=${disk}p1
gone() { [ ! -e "$p1" ]; }
there() { [ -b "$p1" ]; }
# Whatever happens, no partition table for the tests after this one.
trap 'dd if=/dev/zero of="$disk" bs=512 count=1 oflag=direct conv=notrunc 2>/dev/null
	blockdev --rereadpt "$disk"; poll_until 5 gone' EXIT

# The pattern the non-overlapping copy below moves, written before the disk
# has a partition table for the runner to refuse.
p2pdma fill --seed 34 -l 1M --offset 4M "$disk" || fail "fill"

# An MBR with one Linux partition: LBA 2048 (1 MiB), 16384 sectors (8 MiB).
mbr=/tmp/mbr.bin
dd if=/dev/zero of=$mbr bs=512 count=1 2>/dev/null || fail "mbr"
putb() {	# OFFSET BYTE (octal escape, which printf's format takes)
	# shellcheck disable=SC2059
	printf "$2" | dd of=$mbr bs=1 seek="$1" conv=notrunc 2>/dev/null || fail "mbr byte $1"
}
putb 450 '\203'	# type 0x83
putb 455 '\010'	# first LBA 0x00000800, little-endian
putb 459 '\100'	# sectors 0x00004000
putb 510 '\125'	# 0x55
putb 511 '\252'	# 0xaa
[ "$(wc -c <$mbr)" = 512 ] || fail "the MBR is $(wc -c <$mbr) bytes"
dd if=$mbr of="$disk" bs=512 count=1 oflag=direct conv=notrunc 2>/dev/null || fail "write the MBR"
blockdev --rereadpt "$disk" || fail "blockdev --rereadpt"
poll_until 10 there || fail "no $p1 after --rereadpt"
[ "$(cat "/sys/block/$name/${name}p1/start")" = 2048 ] &&
	[ "$(cat "/sys/block/$name/${name}p1/size")" = 16384 ] || fail "$p1 is not where the MBR says"

# Disk [5M,6M) -> p1 at 4M, which is disk [5M,6M).
range_sum_to before "$disk" 5242880 2097152
expect_refusal "copy refused:.*overlap" \
	p2pdma copy --force -s 64k -c 16 --src-offset 5M --dst-offset 4M "$disk" "$p1"
# p1 at 4M (disk [5M,6M)) -> disk [5.5M,6.5M).
expect_refusal "copy refused:.*overlap" \
	p2pdma copy --force -s 64k -c 16 --src-offset 4M --dst-offset 5632k "$p1" "$disk"
range_sum_to now "$disk" 5242880 2097152
[ "$now" = "$before" ] || fail "a refused copy wrote the disk"

# Disk [4M,5M) -> p1 at 4M (disk [5M,6M)): equal offsets, no overlap.
p2pdma copy --force -s 64k -c 16 --src-offset 4M --dst-offset 4M "$disk" "$p1" >/tmp/copy.out 2>&1 ||
	{ cat /tmp/copy.out; fail "disk [4M,5M) -> $p1 at 4M refused, though it is disk [5M,6M)"; }
p2pdma check --seed 34 -l 1M --src-offset 4M --dst-offset 5M "$disk" >/dev/null ||
	fail "disk [5M,6M) does not hold what disk [4M,5M) held"

# The runner: p1 lies under disk [2M,3M); refused without --force.
range_sum_to before "$disk" 2097152 1048576
expect_status 2 "overlap partition" p2pdma copy -s 64k -c 16 --dst-offset 2M "$P2PDMA_DST" "$disk"
range_sum_to now "$disk" 2097152 1048576
[ "$now" = "$before" ] || fail "the refused copy wrote the partition"
p2pdma copy --force -s 64k -c 16 --dst-offset 2M "$P2PDMA_DST" "$disk" >/tmp/copy.out 2>&1 ||
	{ cat /tmp/copy.out; fail "--force did not override the partition refusal"; }
