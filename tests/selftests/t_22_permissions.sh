#!/bin/sh
# Jobs are CAP_SYS_ADMIN's.  Without it -- as 'nobody', and as 'nobody'
# holding only CAP_NET_ADMIN, which once sufficed -- one can list providers
# and pairs, but not start a copy between raw NVMe namespaces, cancel a
# root job, list or read jobs, wait for one, or subscribe to job events.
# The kernel refuses, naming CAP_SYS_ADMIN: the device nodes are opened to
# everyone for the test, so neither their modes nor the runner decide.
# needs: src dst provider destructive
. ./lib.sh
load_module
need_nobody
# busybox has a setpriv of its own, without --reuid: use util-linux's.
setpriv=/usr/bin/setpriv
[ -x $setpriv ] || fail "no util-linux setpriv in the guest (bed.sh adds it)"
src_mode=$(stat -c %a "$P2PDMA_SRC") && dst_mode=$(stat -c %a "$P2PDMA_DST") || fail "stat"
trap 'chmod "$src_mode" "$P2PDMA_SRC"; chmod "$dst_mode" "$P2PDMA_DST"' EXIT
chmod 666 "$P2PDMA_SRC" "$P2PDMA_DST" || fail "chmod"

# Runs CMD... as WHO (nobody, or netadmin: nobody with CAP_NET_ADMIN only),
# bounded: every command here is a refusal or a listing, and returns at once.
run_as() {
	who=$1
	shift
	case $who in
	nobody) timeout 10 su -s /bin/sh nobody -c "$*" ;;
	netadmin)
		timeout 10 $setpriv --reuid=65534 --regid=65534 --clear-groups \
			--inh-caps=-all,+net_admin --ambient-caps=-all,+net_admin "$@" ;;
	esac
}

# The caller is who the test means it to be.
run_as netadmin cat /proc/self/status >/tmp/caps.out 2>&1 || { cat /tmp/caps.out; fail "setpriv"; }
grep -q '^Uid:[[:space:]]*65534' /tmp/caps.out || fail "setpriv did not become uid 65534"
grep -q '^CapEff:[[:space:]]*0*1000$' /tmp/caps.out ||
	fail "setpriv's caller does not hold exactly CAP_NET_ADMIN: $(grep CapEff /tmp/caps.out)"

# WHO WHAT CMD...: the command fails and the refusal names CAP_SYS_ADMIN.
refused() {
	who=$1
	what=$2
	shift 2
	if run_as "$who" "$@" >/tmp/perm.out 2>&1; then
		cat /tmp/perm.out
		fail "$who could $what"
	fi
	cat /tmp/perm.out
	grep -q CAP_SYS_ADMIN /tmp/perm.out || fail "the refusal to let $who $what does not name CAP_SYS_ADMIN"
	echo "$who cannot $what: right"
}

range_sum_to dst_before "$P2PDMA_DST" 0 1048576
for who in nobody netadmin; do
	run_as "$who" p2pdma list >/tmp/list.out 2>&1 || { cat /tmp/list.out; fail "list as $who"; }
	grep -q "p2p through $P2PDMA_PROVIDER" /tmp/list.out || fail "list as $who lacks the pair"
	refused "$who" "start a p2p copy" p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST"
	refused "$who" "start a host-memory copy" p2pdma copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" none
	refused "$who" "list jobs" p2pdma jobs
	refused "$who" "subscribe to job events" p2pdma monitor
done
running=$(running_jobs) || fail "p2pdma jobs: $(cat /tmp/running_jobs.out)"
[ -z "$running" ] || fail "a refused copy left a job running: $(cat /tmp/running_jobs.out)"
range_sum_to dst_after "$P2PDMA_DST" 0 1048576
[ "$dst_after" = "$dst_before" ] || fail "the destination changed"

id=$(p2pdma copy --detach -D 600 -s 256k -q 1 "$P2PDMA_SRC" "$P2PDMA_DST") || fail "root start"
for who in nobody netadmin; do
	refused "$who" "cancel root's job $id" p2pdma cancel "$id"
	[ "$(job_state "$id")" = running ] || fail "job $id is $(job_state "$id") after $who's cancel"
	refused "$who" "read root's job $id" p2pdma status "$id"
	refused "$who" "wait for root's job $id" p2pdma wait "$id"
done
p2pdma cancel "$id" || fail "root cancel"
p2pdma wait "$id" >/dev/null && fail "wait on cancelled job $id returned success"
[ "$(job_state "$id")" = cancelled ] || fail "root could not cancel job $id"
