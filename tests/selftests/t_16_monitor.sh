# 'monitor' prints the events of jobs it did not start, as they happen.
. ./lib.sh
load_module
p2pdma monitor >/tmp/monitor.out 2>&1 &
pid=$!
sleep 1
p2pdma copy -D 2 -s 64k -q 2 "$BED_SRC" "$BED_DST" >/tmp/copy.out 2>&1 || { cat /tmp/copy.out; fail "copy"; }
poll_until 10 grep -q "^\[done\] " /tmp/monitor.out
kill "$pid" || { cat /tmp/monitor.out; fail "the monitor had exited before it was stopped"; }
wait "$pid"
cat /tmp/monitor.out
grep -q "^\[progress\] " /tmp/monitor.out || fail "no progress event"
grep -q "^\[done\] .* done " /tmp/monitor.out || fail "no done event"
