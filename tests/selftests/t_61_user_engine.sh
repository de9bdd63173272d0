#!/bin/sh
# --engine user: the kernel's userspace P2P path (O_DIRECT on p2pmem
# mmapped from the provider's allocate file, pinned with FOLL_PCI_P2PDMA).
# Through the switch's CMB with io_uring at depth 16 and with --sync
# streams, the provider named each way p2pmem-test users name it, a short
# last chunk at odd offsets, host memory: every byte checked by --check
# and by checksum, and the p2pmem all given back after each copy.  A
# read into p2pmem from virtio-blk, whose queue cannot do P2PDMA, fails in
# the kernel (EREMOTEIO, EINVAL from 6.17) and is explained; a copy that
# needs more p2pmem than is free is refused with the depth that fits;
# the rules the module applies (overlap, zoned, busy) hold here too, all
# before anything is written.  On 6.1, which has no allocate file, a p2p
# copy is refused with that reason and host memory still works.
# needs: src dst provider nonp2p zoned destructive
. ./lib.sh
pool=/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem
alloc=$pool/allocate
size=$(cat "$pool/size") || fail "read $pool/size"

# A copy that must pass, with --check, and leave the pool whole.
copy_ok() {	# WHAT ARGS...
	what=$1
	shift
	p2pdma copy --engine user --check "$@" >/tmp/ue.out 2>&1 ||
		{ cat /tmp/ue.out; fail "$what"; }
	cat /tmp/ue.out
	grep -q "all .* blocks match" /tmp/ue.out || fail "$what: not checked"
	[ "$(p2pmem_available "$P2PDMA_PROVIDER")" = "$size" ] ||
		fail "$what: p2pmem of $P2PDMA_PROVIDER not all given back"
}

# Checksums of LEN bytes at SRC_OFF of the source and DST_OFF of the
# destination are equal.
same_bytes() {	# SRC_OFF DST_OFF LEN
	range_sum_to src_sum "$P2PDMA_SRC" "$1" "$3"
	range_sum_to dst_sum "$P2PDMA_DST" "$2" "$3"
	[ "$src_sum" = "$dst_sum" ] || fail "source and destination differ"
}

copy_ok "host memory" --seed 61 -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" none
grep -q "buffer   host memory" /tmp/ue.out || fail "not through host memory"
same_bytes 0 0 1048576

if [ ! -e "$alloc" ]; then
	kernel_at_least 6 2 && fail "$alloc is missing on $(uname -r), which has it from 6.2"
	expect_refusal "predates userspace P2PDMA" \
		p2pdma copy --engine user -s 64k -c 4 "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_PROVIDER"
	exit 0
fi

copy_ok "io_uring, depth 16" --seed 62 -s 64k -c 64 -q 16 "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_PROVIDER"
grep -q "(userspace, io_uring)" /tmp/ue.out || fail "not the io_uring engine"
grep -q "p2pmem of $P2PDMA_PROVIDER" /tmp/ue.out || fail "not through the CMB's p2pmem"
grep -q "queue depth 16" /tmp/ue.out || fail "not at depth 16"
same_bytes 0 0 4194304

copy_ok "--sync, 4 streams, the allocate file" --sync --seed 63 -s 4k -c 256 -t 4 \
	"$P2PDMA_SRC" "$P2PDMA_DST" "$alloc"
grep -q "(userspace, sync)" /tmp/ue.out || fail "not the synchronous engine"
grep -q "queue depth 1, 4 streams" /tmp/ue.out || fail "-t 4 is not 4 streams of one"
same_bytes 0 0 1048576

# 25 chunks of 4k and a 2k one, 8k and 20k into the devices.
copy_ok "short last chunk at offsets, the sysfs directory" --seed 64 -s 4k \
	-l 104448 -t 2 --src-offset 8k --dst-offset 20k \
	"$P2PDMA_SRC" "$P2PDMA_DST" "/sys/bus/pci/devices/$P2PDMA_PROVIDER"
grep -q "copied *102.00 KiB" /tmp/ue.out || fail "not 104448 bytes"

# p2pmem left holding a pattern, then --skip-read: zeroes, never that.
p2pdma fill --seed 65 -l 1M --offset 2M "$P2PDMA_DST" || fail "fill destination"
p2pdma copy --engine user --skip-read -s 64k -q 4 -l 1M --dst-offset 2M \
	"$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_PROVIDER" >/dev/null || fail "--skip-read copy"
zeros_sum_to zeros 1048576
range_sum_to now "$P2PDMA_DST" 2097152 1048576
[ "$now" = "$zeros" ] || fail "--skip-read wrote something other than zeroes"

# Refusals: nothing may be written.  The destination's range is filled
# first and must be as it was after each.
p2pdma fill --seed 66 -l 1M "$P2PDMA_DST" || fail "fill destination"
range_sum_to before "$P2PDMA_DST" 0 1048576
expect_status 1 "would not map this p2p memory" \
	p2pdma copy --engine user -s 64k -c 4 "$P2PDMA_NONP2P" "$P2PDMA_DST" "$P2PDMA_PROVIDER"
grep -q -e "read from $P2PDMA_NONP2P at byte offset 0: \(Remote I/O error\|Invalid argument\)" \
	/tmp/status.out || fail "the failed read is not named"
# 32 buffers of 2 MiB + 4 KiB (-o 4k): 128 KiB more than the 64 MiB CMB.
want=$((size / 2101248))
expect_status 1 "-q $want fits" \
	p2pdma copy --engine user -s 2M -o 4k -q 32 -l 64M "$P2PDMA_SRC" "$P2PDMA_DST" "$P2PDMA_PROVIDER"
grep -q "needs $((32 * 2101248 / 1024))k of p2p memory" /tmp/status.out ||
	fail "the figure needed is not given"
expect_refusal "ranges overlap on the same device" \
	p2pdma copy --engine user -s 4k -c 16 --dst-offset 32k "$P2PDMA_DST" "$P2PDMA_DST" "$P2PDMA_PROVIDER"
expect_refusal "is zoned" \
	p2pdma copy --engine user -s 4k -c 16 "$P2PDMA_SRC" "$P2PDMA_ZONED" "$P2PDMA_PROVIDER"
expect_refusal "/dev/p2pmem0 is a device of the out-of-tree p2pmem driver" \
	p2pdma copy --engine user -s 4k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" /dev/p2pmem0
range_sum_to after "$P2PDMA_DST" 0 1048576
[ "$after" = "$before" ] || fail "a refused copy wrote to the destination"
[ "$(p2pmem_available "$P2PDMA_PROVIDER")" = "$size" ] || fail "p2pmem not all given back"
