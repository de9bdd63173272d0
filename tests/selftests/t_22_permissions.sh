# Without CAP_NET_ADMIN one can list, but not start or cancel jobs; the
# kernel refuses, not just the runner.
. ./lib.sh
load_module
grep -q '^nobody:' /etc/passwd 2>/dev/null || {
	echo 'root:x:0:0::/:/bin/sh' >/etc/passwd
	echo 'nobody:x:65534:65534::/tmp:/bin/sh' >>/etc/passwd
	echo 'root:x:0:' >/etc/group
	echo 'nogroup:x:65534:' >>/etc/group
}
as_nobody() {
	su -s /bin/sh nobody -c "$*"
}
as_nobody p2pdma list >/tmp/list.out 2>&1 || { cat /tmp/list.out; fail "list as nobody"; }
grep -q "p2p through $BED_CMB_PCI" /tmp/list.out || fail "list as nobody lacks the pair"
as_nobody p2pdma copy -s 64k -c 16 "$BED_SRC" "$BED_DST" >/tmp/copy.out 2>&1 &&
	fail "nobody started a copy"
cat /tmp/copy.out
grep -q "Operation not permitted\|permission denied" /tmp/copy.out || fail "no permission error"
id=$(p2pdma copy --detach -D 30 -s 64k -q 2 "$BED_SRC" "$BED_DST") || fail "root start"
as_nobody p2pdma cancel "$id" >/tmp/cancel.out 2>&1 && fail "nobody cancelled job $id"
cat /tmp/cancel.out
[ "$(job_state "$id")" = running ] || fail "job $id is $(job_state "$id") after nobody's cancel"
p2pdma cancel "$id" || fail "root cancel"
p2pdma wait "$id" >/dev/null
[ "$(job_state "$id")" = cancelled ] || fail "root could not cancel job $id"
