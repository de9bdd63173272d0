#!/bin/sh
# A job makes its data durable before it says it is done: by default one
# cache flush of the destination after the last write ("sync": "flush",
# "flushed": true); with --fua every write is FUA and no flush is sent
# ("fua", false); with --no-flush neither ("none", false).  The flushes are
# counted by the block layer (/sys/block/DST/stat, field 16), so a job that
# skips its flush, or flushes when told not to, is seen.
# needs: src dst destructive
. ./lib.sh
load_module
name=${P2PDMA_DST#/dev/}
q="/sys/block/$name/queue"
# Without a volatile write cache the block layer drops flushes, and
# without FUA it turns FUA writes into flushes: either hides what we count.
[ "$(cat "$q/write_cache")" = "write back" ] || fail "$P2PDMA_DST has no volatile write cache ($(cat "$q/write_cache"))"
[ "$(cat "$q/fua")" = 1 ] || fail "$P2PDMA_DST does not take FUA writes"
flushes() {	# VAR: the destination's count of completed flushes
	fl=$(awk '{ print $16 }' "/sys/block/$name/stat") || fail "read /sys/block/$name/stat"
	case $fl in
	''|*[!0-9]*) fail "/sys/block/$name/stat has no flush count (field 16): '$fl'" ;;
	esac
	eval "$1=\$fl"
}

copy_json() {	# OPTIONS...: a copy, its JSON in /tmp/sync.json, its fields in
		# state, sync and flushed (expect_sync)
	p2pdma copy -j -s 64k -c 16 "$@" "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/sync.json 2>/tmp/sync.err ||
		{ cat /tmp/sync.json /tmp/sync.err; fail "copy $*"; }
	cat /tmp/sync.json
	json_read /tmp/sync.json state=.job.state sync=.job.sync flushed=.job.flushed ||
		fail "copy $*: its JSON"
	[ "$state" = "done" ] || fail "copy $* did not end done"
}
expect_sync() {	# SYNC FLUSHED
	[ "$sync" = "$1" ] || fail "\"sync\" is '$sync', expected '$1'"
	[ "$flushed" = "$2" ] || fail "\"flushed\" is '$flushed', expected $2"
}

flushes f0
copy_json
flushes f1
echo "default copy: $((f1 - f0)) flushes"
[ "$f1" -ge $((f0 + 1)) ] || fail "a default copy sent no flush to $P2PDMA_DST"
expect_sync flush true

copy_json --no-flush
flushes f2
echo "--no-flush: $((f2 - f1)) flushes"
[ "$f2" = "$f1" ] || fail "a --no-flush copy sent $((f2 - f1)) flushes"
expect_sync none false

copy_json --fua
flushes f3
echo "--fua: $((f3 - f2)) flushes"
[ "$f3" = "$f2" ] || fail "a --fua copy sent $((f3 - f2)) flushes"
expect_sync fua false
