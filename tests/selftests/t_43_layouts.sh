#!/bin/sh
# Range layouts the engine must cut right, through p2pmem (auto) and host
# memory (none): a last chunk shorter than the chunk size; source and
# destination offsets that are not chunk (nor page) multiples and differ;
# a buffer offset (-o); --overlap wrapping a count larger than the range;
# three streams over a range they do not divide evenly; and a count below
# the range's chunks (-c with -l), where each stream moves only the first
# chunks of its stripe.  Each case checks every byte: the destination
# range (the chunks that must move hold the source's data, the others
# what they held), 64 KiB on either side of it (filled with the range: a
# chunk written at full size past the range's end, or at a wrong offset,
# lands there), the source range (unchanged), and the report's "bytes"
# and "bytes_total" (what moved).
# needs: src dst provider destructive
. ./lib.sh
load_module
cs=65536
guard=65536
m1=1048576
m3=3145728
lbs=$(blockdev --getss "$P2PDMA_DST") || fail "logical block size of $P2PDMA_DST"
[ "$lbs" = 512 ] || fail "$P2PDMA_DST has $lbs-byte blocks: the offsets below need 512"

# K: chunk K of the range is one the copy writes.
is_moved() {
	case $moved in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# LEN STREAMS COUNT: what the engine moves.  The range's nr chunks are
# split into STREAMS contiguous stripes, stripe s = [nr*s/t, nr*(s+1)/t);
# COUNT (0: nr) into quotas COUNT*(s+1)/t - COUNT*s/t; each stream takes
# its quota from the start of its stripe, wrapping in it (--overlap).
# Sets nr, moved (the chunks written at least once, " 0 2 3 ") and
# want_bytes (bytes written, a chunk counted each time it is written).
plan() {
	nr=$((($1 + cs - 1) / cs))
	count=$3
	[ "$count" = 0 ] && count=$nr
	moved=" " want_bytes=0 s=0
	while [ $s -lt "$2" ]; do
		first=$((nr * s / $2))
		n=$((nr * (s + 1) / $2 - first))
		quota=$((count * (s + 1) / $2 - count * s / $2))
		i=0
		while [ $i -lt $quota ]; do
			k=$((first + i % n))
			clen=$(($1 - k * cs))
			[ $clen -gt $cs ] && clen=$cs
			want_bytes=$((want_bytes + clen))
			is_moved $k || moved="$moved$k "
			i=$((i + 1))
		done
		s=$((s + 1))
	done
}

# DEV OFFSET LENGTH FILE: the bytes on DEV, past its page cache.
read_range() {
	dd if="$1" of="$4" bs=$cs skip="$2" count="$3" iflag=direct,skip_bytes,count_bytes \
		2>/tmp/layout.dd || fail "$name: read $3 bytes at $2 of $1: $(cat /tmp/layout.dd)"
	[ "$(wc -c <"$4")" = "$3" ] || fail "$name: read $(wc -c <"$4") of $3 bytes at $2 of $1"
}

# WANT GOT: fails the case, naming where the first byte that differs lies
# in the destination's region (the zone before, the range, the zone after).
region_differs() {
	at=$(cmp -l "$1" "$2" 2>/dev/null | awk 'NR == 1 { print $1 - 1; exit }')
	[ -n "$at" ] || fail "$name: cmp found no difference in what differs"
	if [ "$at" -lt $guard ]; then
		fail "$name: the 64 KiB before the range changed (byte $at of it)"
	elif [ "$at" -ge $((guard + len)) ]; then
		fail "$name: the 64 KiB after the range changed (byte $((at - guard - len)) of it)"
	fi
	k=$(((at - guard) / cs))
	is_moved $k &&
		fail "$name: chunk $k of the range does not hold the source's data (byte $((at - guard)) of the range)"
	fail "$name: chunk $k of the range changed, though the copy must not move it (byte $((at - guard)) of the range)"
}

n_case=0
# NAME LEN STREAMS COUNT SRC_OFFSET DST_OFFSET [COPY OPTIONS...]: one case,
# 64k chunks; COUNT 0 is one pass over the range (no -c).  The source
# range and the destination's region (the range and 64 KiB on either side)
# are read before the copy; after it, the region must read as it did with
# each chunk that moves replaced by the source's, and the source as it did.
layout() {
	name="$provider $1"
	len=$2 t=$3 c=$4 src=$5 dst=$6
	shift 6
	n_case=$((n_case + 1))
	plan "$len" "$t" "$c"
	p2pdma fill --seed $((43000 + n_case)) -l "$len" --offset "$src" "$P2PDMA_SRC" ||
		fail "$name: fill the source range"
	p2pdma fill --seed $((43500 + n_case)) -l $((guard + len + guard)) --offset $((dst - guard)) \
		"$P2PDMA_DST" || fail "$name: fill the destination's region"
	read_range "$P2PDMA_SRC" "$src" "$len" /tmp/layout.src
	read_range "$P2PDMA_DST" $((dst - guard)) $((guard + len + guard)) /tmp/layout.want
	# The runs of chunks that move, from the source into what the region
	# must hold.
	k=0
	while [ $k -lt "$nr" ]; do
		is_moved $k || { k=$((k + 1)); continue; }
		first=$k
		while is_moved $k; do
			k=$((k + 1))
		done
		end=$((k * cs))
		[ $end -gt "$len" ] && end=$len
		dd if=/tmp/layout.src of=/tmp/layout.want bs=$cs skip=$((first * cs)) \
			seek=$((guard + first * cs)) count=$((end - first * cs)) conv=notrunc \
			iflag=skip_bytes,count_bytes oflag=seek_bytes 2>/tmp/layout.dd ||
			fail "$name: the region as it must be: $(cat /tmp/layout.dd)"
	done
	count_opt=
	[ "$c" = 0 ] || count_opt="-c $c"
	# shellcheck disable=SC2086
	p2pdma copy -j -s $cs -t "$t" $count_opt -l "$len" --src-offset "$src" --dst-offset "$dst" "$@" \
		"$P2PDMA_SRC" "$P2PDMA_DST" "$provider" >/tmp/layout.json 2>/tmp/layout.err ||
		{ cat /tmp/layout.json /tmp/layout.err; fail "$name: copy"; }
	json_read /tmp/layout.json state=.job.state mode=.job.mode prov=.job.provider \
		bytes=.job.bytes total=.job.bytes_total || fail "$name: the copy's JSON"
	[ "$state" = "done" ] || { cat /tmp/layout.json; fail "$name: the job ended $state"; }
	[ "$mode" = "$want_mode" ] || fail "$name: copied through $mode memory, not $want_mode"
	[ "$provider" = none ] || [ "$prov" = "$P2PDMA_PROVIDER" ] ||
		fail "$name: copied through $prov, not $P2PDMA_PROVIDER"
	[ "$bytes" = "$want_bytes" ] || { cat /tmp/layout.json; fail "$name: \"bytes\" is $bytes, not $want_bytes"; }
	[ "$total" = "$want_bytes" ] ||
		{ cat /tmp/layout.json; fail "$name: \"bytes_total\" is $total, not $want_bytes"; }

	read_range "$P2PDMA_DST" $((dst - guard)) $((guard + len + guard)) /tmp/layout.got
	cmp -s /tmp/layout.want /tmp/layout.got || region_differs /tmp/layout.want /tmp/layout.got
	read_range "$P2PDMA_SRC" "$src" "$len" /tmp/layout.got
	cmp -s /tmp/layout.src /tmp/layout.got || fail "$name: the source range changed"
	echo "ok $name: $nr chunks, moved:$moved($want_bytes bytes); range, zones around it and source intact"
}

for provider in auto none; do
	want_mode=p2p
	[ "$provider" = none ] && want_mode=host
	# 3 chunks and 4 KiB: the last chunk is 4 KiB, not 64.
	layout "short last chunk" 200704 1 0 $m1 $m3
	# Offsets 4.5 KiB and 9 KiB past a megabyte; 4 chunks and 1.5 KiB.
	layout "unaligned offsets" 263680 1 0 $((m1 + 4608)) $((m3 + 9216))
	layout "buffer offset 512" 262144 1 0 $m1 $m3 -o 512
	layout "buffer offset 4096" 200704 1 0 $m1 $m3 -o 4096
	# 10 chunks in a range of 4 (the last 4 KiB): chunks 0 and 1 three
	# times, 2 and 3 twice: 532480 bytes.
	layout "overlap wrapping" 200704 1 10 $m1 $m3 --overlap -q 4
	# 7 chunks and 8 KiB over 3 streams: stripes [0,2) [2,5) [5,8).
	layout "three streams" 466944 3 0 $m1 $m3 -q 2
	# 5 of 6 chunks (the last 4 KiB) over 3 streams: stripes [0,2) [2,4)
	# [4,6), quotas 1 2 2: chunks 0, 2 3, 4 5; chunk 1 stays: 266240 bytes.
	layout "count below the range" 331776 3 5 $m1 $m3
	# 5 of 10 chunks (the last 4 KiB): stripes [0,3) [3,6) [6,10), quotas
	# 1 2 2: chunks 0, 3 4, 6 7; 1 2 5 8 9 stay: 327680 bytes.
	layout "count below, tail stays" 593920 3 5 $m1 $m3
done
