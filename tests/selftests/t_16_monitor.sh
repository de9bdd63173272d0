#!/bin/sh
# 'monitor' prints the events of jobs it did not start, as they happen:
# in text, each line stamped with the time; with -j, one document per
# line, each fitting the schema, the last event of the job "done".
# needs: src dst destructive
. ./lib.sh
load_module
"$P2PDMA" monitor >/tmp/monitor.out 2>&1 &
pid=$!
"$P2PDMA" monitor -j >/tmp/monitor.json 2>/tmp/monitor.err &
jpid=$!
# Joining the group leaves no trace to poll for: a second is plenty.
sleep 1
p2pdma copy -D 2 -s 64k -q 2 "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/copy.out 2>&1 || { cat /tmp/copy.out; fail "copy"; }
poll_until 10 grep -q "^[0-9:.]* \[done\] " /tmp/monitor.out
poll_until 10 grep -q '"event":"done"' /tmp/monitor.json
kill "$pid" || { cat /tmp/monitor.out; fail "the monitor had exited before it was stopped"; }
kill "$jpid" || { cat /tmp/monitor.json /tmp/monitor.err; fail "monitor -j had exited before it was stopped"; }
wait "$pid"
wait "$jpid"
cat /tmp/monitor.out
grep -q "^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9] \[progress\] " /tmp/monitor.out ||
	fail "no progress event, stamped with the time"
grep -q "^[0-9:.]* \[done\] .* done .* MB/s" /tmp/monitor.out || fail "no done event with its rate"
head -n 3 /tmp/monitor.json
schema_check /tmp/monitor.json "monitor -j" || fail "monitor -j does not fit the schema"
[ "$(jq -r 'select(.event == "done") | .job.state' /tmp/monitor.json)" = done ] ||
	fail "monitor -j: no done event of a done job"
[ "$(jq -r 'select(.event == "progress") | .job.id' /tmp/monitor.json | head -n 1)" -gt 0 ] ||
	fail "monitor -j: no progress event"
