#!/bin/sh
# 'copy --detach --check' cannot check what it does not wait for, so it
# prints the job id on stdout and, on stderr, "verify with: p2pdma check
# ...": that command passes once the job is done, and fails when a block of
# the destination range is then corrupted.
# needs: src dst destructive
. ./lib.sh
load_module
p2pdma copy --detach --check --seed 40 -s 64k -q 4 -c 16 --dst-offset 1M "$P2PDMA_SRC" "$P2PDMA_DST" \
	>/tmp/detach.out 2>/tmp/detach.err || { cat /tmp/detach.out /tmp/detach.err; fail "start"; }
cat /tmp/detach.out /tmp/detach.err
id=$(cat /tmp/detach.out)
case $id in
''|*[!0-9]*) fail "stdout is not a job id: '$id'" ;;
esac
grep -q "verify with: p2pdma check " /tmp/detach.err || fail "no 'verify with: p2pdma check ...' on stderr"
verify=$(sed -n 's/.*verify with: //p' /tmp/detach.err) || fail "sed"
[ -n "$verify" ] && [ "$(echo "$verify" | wc -l)" = 1 ] ||
	fail "not one 'verify with:' command on stderr: '$verify'"
p2pdma wait "$id" >/dev/null || fail "job $id did not complete"
sh -c "$verify" >/tmp/verify.out 2>&1 || { cat /tmp/verify.out; fail "'$verify' fails on a clean copy"; }
# Block 100 of the range (byte 1M + 51200) gets source block 7.
dd if="$P2PDMA_SRC" of="$P2PDMA_DST" bs=512 skip=7 seek=$((2048 + 100)) count=1 \
	iflag=direct oflag=direct conv=notrunc 2>/dev/null || fail "dd"
sh -c "$verify" >/tmp/verify.out 2>&1 && { cat /tmp/verify.out; fail "'$verify' passes a corrupted copy"; }
cat /tmp/verify.out
grep -q "MISMATCH in 1 of" /tmp/verify.out || fail "the corruption is not reported as one bad block"
