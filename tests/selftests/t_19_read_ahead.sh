#!/bin/sh
# --read-ahead: a stream reads its next chunks while it writes the last,
# with never more than -q reads and -q writes in flight, from twice the
# buffers; by each engine.  At depth 1 a plain copy never has more than
# one I/O in flight, a read-ahead copy has a read and a write at once
# (inflight_peak 2) and still one of each phase at most (depth_peak 1);
# at depth 4 it goes past 4 in flight and no phase past 4.  Every copy is
# checked byte for byte, with two streams too.  A detached read-ahead job
# holds exactly twice its depth in p2pmem buffers while it runs.  The
# combinations that would change what is copied or have nothing to
# overlap are refused before anything is written.
# needs: src dst provider destructive
. ./lib.sh
load_module
pool=/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem
size=$(cat "$pool/size") || fail "read $pool/size"

copy_json() {	# ENGINE OPTIONS...: a checked copy, its JSON in /tmp/ra.json and
		# its fields in state, ra, inflight, rd and wr (expect_peaks)
	engine=$1
	shift
	p2pdma copy -j --engine "$engine" --check -s 64k -c 64 "$@" \
		"$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/ra.json 2>/tmp/ra.err ||
		{ cat /tmp/ra.json /tmp/ra.err; fail "copy ($engine) $*"; }
	json_read /tmp/ra.json state=.job.state ra=.job.read_ahead inflight=.job.inflight_peak \
		rd=.job.phases.read.depth_peak wr=.job.phases.write.depth_peak ||
		fail "copy ($engine) $*: its JSON"
	[ "$state" = done ] || fail "copy ($engine) $* did not end done"
}
expect_peaks() {	# WHAT READ_AHEAD INFLIGHT_TEST DEPTH_MAX
	echo "# $1: read_ahead=$ra inflight_peak=$inflight depth_peak read=$rd write=$wr"
	[ "$ra" = "$2" ] || fail "$1: read_ahead is $ra, expected $2"
	[ "$inflight" $3 ] || fail "$1: inflight_peak $inflight, expected $3"
	[ "$rd" -ge 1 ] && [ "$rd" -le "$4" ] && [ "$wr" -ge 1 ] && [ "$wr" -le "$4" ] ||
		fail "$1: a phase had $rd reads or $wr writes in flight, queue depth $4"
}

for engine in $(p2p_engines); do
	copy_json $engine -q 1
	expect_peaks "$engine -q 1" false "-eq 1" 1
	copy_json $engine -q 1 --read-ahead
	expect_peaks "$engine -q 1 --read-ahead" true "-eq 2" 1
	copy_json $engine -q 4 --read-ahead
	expect_peaks "$engine -q 4 --read-ahead" true "-gt 4" 4
	copy_json $engine -q 2 -t 2 --read-ahead
	expect_peaks "$engine -q 2 -t 2 --read-ahead" true "-gt 2" 2
	range_sum_to src_sum "$P2PDMA_SRC" 0 4194304
	range_sum_to dst_sum "$P2PDMA_DST" 0 4194304
	[ "$src_sum" = "$dst_sum" ] || fail "checksums of source and destination differ ($engine)"
	[ "$(p2pmem_available "$P2PDMA_PROVIDER")" = "$size" ] ||
		fail "p2pmem of $P2PDMA_PROVIDER not all given back ($engine)"
done

# Twice the buffers, as the pool sees them: 2 x 3 x 64k while it runs.
id=$(p2pdma copy --detach --read-ahead -D 600 -s 64k -q 3 -l 4M "$P2PDMA_SRC" "$P2PDMA_DST") ||
	fail "start a detached read-ahead job"
trap 'p2pdma cancel "$id" >/dev/null 2>&1; p2pdma wait "$id" >/dev/null 2>&1' EXIT
held=$((size - $(p2pmem_available "$P2PDMA_PROVIDER")))
echo "# a read-ahead job at -q 3 of 64k chunks holds $held bytes of p2pmem"
[ "$held" = $((2 * 3 * 65536)) ] || fail "it holds $held bytes, expected $((2 * 3 * 65536))"
p2pdma cancel "$id" >/dev/null && p2pdma wait "$id" >/dev/null
trap - EXIT
[ "$(p2pmem_available "$P2PDMA_PROVIDER")" = "$size" ] || fail "its p2pmem was not given back"

for opts in --overlap --skip-read --skip-write "--engine user --sync -q 1"; do
	expect_status 2 "--read-ahead reads chunks before earlier ones are written" \
		p2pdma copy --read-ahead $opts -s 64k -c 8 "$P2PDMA_SRC" "$P2PDMA_DST"
done
