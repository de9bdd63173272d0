#!/bin/sh
# A job is coherent with the page cache: the source range's dirty pages
# are written back before the job reads it, and the destination range's
# cached pages are dropped when the job ends.  New data is written to the
# source through the page cache and left dirty (periodic writeback off),
# the destination's old data is read into its cache, then after a copy an
# O_DIRECT read of the destination must show the new data (the source was
# written back first) and so must a buffered read (its cache was dropped).
# The test holds both devices open: the last close of a block device writes
# back and drops its page cache, which would hide both faults.
# needs: src dst destructive
. ./lib.sh
load_module
off=8388608
len=1048576
vm=/proc/sys/vm
# Background writeback starts on a device whose dirty pages pass its share
# of the background threshold, and that share follows its part in recent
# writeback: a source that wrote little of late may have none, and its new
# data goes to disk at once (seen: Dirty 0 kB after the write).  min_ratio
# gives the source a floor of a tenth, megabytes on any machine.
sys=/sys/class/block/${P2PDMA_SRC#/dev/}
[ -e "$sys/partition" ] && sys=$sys/..
min_ratio=$sys/bdi/min_ratio
wb=$(cat $vm/dirty_writeback_centisecs) && exp=$(cat $vm/dirty_expire_centisecs) &&
	ratio=$(cat "$min_ratio") || fail "read $vm and $min_ratio"
trap 'echo "$wb" >$vm/dirty_writeback_centisecs; echo "$exp" >$vm/dirty_expire_centisecs
	echo "$ratio" >"$min_ratio"' EXIT
echo 0 >$vm/dirty_writeback_centisecs && echo 360000 >$vm/dirty_expire_centisecs ||
	fail "turn periodic writeback off"
[ "$ratio" -ge 10 ] || echo 10 >"$min_ratio" ||
	fail "give the source a tenth of the background writeback threshold ($min_ratio)"

# Known old data on both devices, on disk.
p2pdma fill --seed 351 -l 1M --offset 8M "$P2PDMA_SRC" || fail "fill source"
p2pdma fill --seed 352 -l 1M --offset 8M "$P2PDMA_DST" || fail "fill destination"
range_sum_to src_old "$P2PDMA_SRC" $off $len
range_sum_to dst_old "$P2PDMA_DST" $off $len
dd if=/dev/urandom of=/tmp/new.bin bs=4096 count=$((len / 4096)) 2>/dev/null || fail "new data"
new=$(md5sum </tmp/new.bin) || fail "checksum of the new data"
new=${new%% *}

exec 7<"$P2PDMA_SRC" 8<"$P2PDMA_DST" || fail "hold the devices open"
# VAR DEV [IFLAG]: checksum of the range of DEV, read with dd's IFLAG;
# no drop_caches, unlike range_sum_to: the cache is under test.
sum_of() {
	dd if="$2" of=/tmp/sum_of.bin bs=4096 skip=$((off / 4096)) count=$((len / 4096)) \
		${3:+iflag=$3} 2>/tmp/sum_of.err || fail "read $2: $(cat /tmp/sum_of.err)"
	[ "$(wc -c </tmp/sum_of.bin)" = $len ] || fail "short read of $2"
	sum=$(md5sum </tmp/sum_of.bin) || fail "checksum of $2"
	eval "$1=\${sum%% *}"
}
buffered_sum() { sum_of "$1" "$2"; }
direct_sum() { sum_of "$1" "$2" direct; }
buffered_sum got "$P2PDMA_DST"
[ "$got" = "$dst_old" ] || fail "a buffered read of the destination is not its old data"
dirty0=$(awk '$1 == "Dirty:" { print $2 }' /proc/meminfo)
dd if=/tmp/new.bin of="$P2PDMA_SRC" bs=4096 seek=$((off / 4096)) conv=notrunc 2>/dev/null ||
	fail "buffered write to the source"
# Dirty is summed from per-CPU counters that fold in every stat_interval
# (a second) and lag by a few hundred kB meanwhile: seen here once at 84 kB
# right after the write.  Polled until a quarter of the range shows; one
# page still dirty at the copy is enough for a missing writeback to show.
dirty_grew() {
	dirty1=$(awk '$1 == "Dirty:" { print $2 }' /proc/meminfo)
	[ $((dirty1 - dirty0)) -ge $((len / 1024 / 4)) ]
}
poll_until 5 dirty_grew
echo "Dirty: $dirty0 kB before the write, $dirty1 kB after"
[ $((dirty1 - dirty0)) -ge $((len / 1024 / 4)) ] ||
	fail "the source's new data is not dirty in the page cache: the test would prove nothing"

# --force: the runner's signature probe would drop the destination's
# cache itself (POSIX_FADV_DONTNEED), hiding a kernel that does not.
p2pdma copy --force -s 64k -q 4 -l 1M --src-offset 8M --dst-offset 8M "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/copy.out 2>&1 ||
	{ cat /tmp/copy.out; fail "copy"; }
direct_sum got "$P2PDMA_DST"
[ "$got" = "$src_old" ] && fail "the job read the source's stale on-disk data: its dirty pages were not written back first"
[ "$got" = "$new" ] || fail "O_DIRECT read of the destination: neither the new nor the old data"
buffered_sum got "$P2PDMA_DST"
[ "$got" = "$dst_old" ] && fail "a buffered read of the destination shows its old cached data: the cache was not dropped"
[ "$got" = "$new" ] || fail "buffered read of the destination: neither the new nor the old data"
exec 7<&- 8<&-
echo "the copy saw the source's dirty pages and dropped the destination's cache"
