#!/bin/sh
# Range layouts the engine must cut right, through p2pmem (auto) and host
# memory (none): a last chunk shorter than the chunk size; source and
# destination offsets that are not chunk (nor page) multiples and differ;
# a buffer offset (-o); --overlap wrapping a count larger than the range;
# three streams over a range they do not divide evenly; and a count below
# the range's chunks (-c with -l), where each stream moves only the first
# chunks of its stripe.  Each case checks every byte: the destination
# range (the chunks that must move hold the source's data, the others
# still their old pattern), 64 KiB on either side of it (each filled with
# a seed of its own before the copy: a chunk written at full size past the
# range's end, or at a wrong offset, lands there), the source range
# (unchanged), and the report's "bytes" and "bytes_total" (what moved).
# needs: src dst provider destructive
. ./lib.sh
load_module
cs=65536
guard=65536
m1=1048576
m3=3145728
lbs=$(blockdev --getss "$P2PDMA_DST") || fail "logical block size of $P2PDMA_DST"
[ "$lbs" = 512 ] || fail "$P2PDMA_DST has $lbs-byte blocks: the offsets below need 512"

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
			case $moved in
			*" $k "*) ;;
			*) moved="$moved$k " ;;
			esac
			i=$((i + 1))
		done
		s=$((s + 1))
	done
}

# WHAT ARGS...: 'p2pdma check ARGS' must pass, or the case fails saying WHAT.
must_check() {
	what=$1
	shift
	p2pdma check "$@" >/tmp/layout.chk 2>&1 || { cat /tmp/layout.chk; fail "$name: $what"; }
}

# The pattern numbers each block from the start of what one 'fill' wrote.
# Where every chunk moves, one fill and one check cover the range; where
# only some do (-c), ranges are filled and checked a chunk at a time, so
# that any chunk can be checked on its own ($per_chunk).
# SEED DEV OFFSET: fills the LEN bytes at OFFSET of DEV.
fill_chunks() {
	if [ -z "$per_chunk" ]; then
		p2pdma fill --seed "$1" -l "$len" --offset "$3" "$2" || fail "$name: fill $3 of $2"
		return
	fi
	fk=0
	while [ $((fk * cs)) -lt "$len" ]; do
		clen=$((len - fk * cs))
		[ $clen -gt $cs ] && clen=$cs
		p2pdma fill --seed "$1" -l $clen --offset $(($3 + fk * cs)) "$2" ||
			fail "$name: fill chunk $fk at $3 of $2"
		fk=$((fk + 1))
	done
}

# new|old FIRST END: chunks [FIRST, END) of the destination range hold the
# source's data (new) or the pattern they held before the copy (old).
check_chunks() {
	if [ -z "$per_chunk" ]; then
		[ "$1" = new ] && [ "$2" = 0 ] && [ "$3" = "$nr" ] ||
			fail "$name: chunks $2 to $3 are $1, but every chunk moves"
		must_check "the range does not hold the source's data" \
			--seed $seed -l "$len" --src-offset "$src" --dst-offset "$dst" "$P2PDMA_DST"
		return
	fi
	ck=$2
	while [ $ck -lt "$3" ]; do
		b0=$((ck * cs))
		clen=$((len - b0))
		[ $clen -gt $cs ] && clen=$cs
		if [ "$1" = new ]; then
			must_check "chunk $ck of the range does not hold the source's data" \
				--seed $seed -l $clen --src-offset $((src + b0)) --dst-offset $((dst + b0)) "$P2PDMA_DST"
		else
			must_check "chunk $ck of the range changed, though the copy must not move it" \
				--seed $old -l $clen --src-offset $((dst + b0)) --dst-offset $((dst + b0)) "$P2PDMA_DST"
		fi
		ck=$((ck + 1))
	done
}

n_case=0
# NAME LEN STREAMS COUNT SRC_OFFSET DST_OFFSET [COPY OPTIONS...]: one case,
# 64k chunks; COUNT 0 is one pass over the range (no -c).
layout() {
	name="$provider $1"
	len=$2 t=$3 c=$4 src=$5 dst=$6
	shift 6
	n_case=$((n_case + 1))
	seed=$((43000 + n_case * 10)) old=$((43001 + n_case * 10))
	before=$((43002 + n_case * 10)) after=$((43003 + n_case * 10))
	plan "$len" "$t" "$c"
	per_chunk=
	[ "$(echo $moved | wc -w)" = "$nr" ] || per_chunk=1
	fill_chunks $seed "$P2PDMA_SRC" "$src"
	fill_chunks $old "$P2PDMA_DST" "$dst"
	p2pdma fill --seed $before -l $guard --offset $((dst - guard)) "$P2PDMA_DST" ||
		fail "$name: fill the zone before the range"
	p2pdma fill --seed $after -l $guard --offset $((dst + len)) "$P2PDMA_DST" ||
		fail "$name: fill the zone after the range"
	count_opt=
	[ "$c" = 0 ] || count_opt="-c $c"
	# shellcheck disable=SC2086
	p2pdma copy -j -s $cs -t "$t" $count_opt -l "$len" --src-offset "$src" --dst-offset "$dst" "$@" \
		"$P2PDMA_SRC" "$P2PDMA_DST" "$provider" >/tmp/layout.json 2>/tmp/layout.err ||
		{ cat /tmp/layout.json /tmp/layout.err; fail "$name: copy"; }
	state=$(json_get .job.state /tmp/layout.json)
	bytes=$(json_get .job.bytes /tmp/layout.json)
	total=$(json_get .job.bytes_total /tmp/layout.json)
	mode=$(json_get .job.mode /tmp/layout.json)
	[ "$state" = "done" ] || { cat /tmp/layout.json; fail "$name: the job ended $state"; }
	[ "$mode" = "$want_mode" ] || fail "$name: copied through $mode memory, not $want_mode"
	[ "$provider" = none ] || [ "$(json_get .job.provider /tmp/layout.json)" = "$P2PDMA_PROVIDER" ] ||
		fail "$name: copied through $(json_get .job.provider /tmp/layout.json), not $P2PDMA_PROVIDER"
	[ "$bytes" = "$want_bytes" ] || { cat /tmp/layout.json; fail "$name: \"bytes\" is $bytes, not $want_bytes"; }
	[ "$total" = "$want_bytes" ] ||
		{ cat /tmp/layout.json; fail "$name: \"bytes_total\" is $total, not $want_bytes"; }

	must_check "the 64 KiB before the range changed" \
		--seed $before -l $guard --src-offset $((dst - guard)) --dst-offset $((dst - guard)) "$P2PDMA_DST"
	must_check "the 64 KiB after the range changed" \
		--seed $after -l $guard --src-offset $((dst + len)) --dst-offset $((dst + len)) "$P2PDMA_DST"
	# The range, in runs of chunks that moved and chunks that did not.
	k=0 run=0 was=
	while [ $k -le $nr ]; do
		if [ $k = $nr ]; then
			is=end
		else
			case $moved in
			*" $k "*) is=new ;;
			*) is=old ;;
			esac
		fi
		if [ "$is" != "$was" ]; then
			[ -n "$was" ] && check_chunks "$was" $run $k
			was=$is run=$k
		fi
		k=$((k + 1))
	done
	if [ -z "$per_chunk" ]; then
		must_check "the source range changed" \
			--seed $seed -l "$len" --src-offset "$src" --dst-offset "$src" "$P2PDMA_SRC"
	else
		k=0
		while [ $((k * cs)) -lt "$len" ]; do
			clen=$((len - k * cs))
			[ $clen -gt $cs ] && clen=$cs
			must_check "chunk $k of the source changed" \
				--seed $seed -l $clen --src-offset $((src + k * cs)) --dst-offset $((src + k * cs)) "$P2PDMA_SRC"
			k=$((k + 1))
		done
	fi
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
