#!/usr/bin/env bash
# Fails when a console log shows the kernel complaining: a BUG, WARNING,
# oops, KASAN or UBSAN report, a lockdep splat, a hung task, the OOM killer,
# or a leak that kmemleak found.  Prints the offending lines with some context.
# Usage: kernel-log-check.sh CONSOLE_LOG
set -u
log=$1
pattern='BUG:|WARNING:|Oops|Kernel panic|general protection fault|KASAN:|UBSAN:|unreferenced object|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|blocked for more than|DEBUG_LOCKS_WARN_ON|scheduling while atomic|sleeping function called from invalid context|invoked oom-killer'
if grep -qE "$pattern" "$log"; then
	echo "bed: FAIL: the kernel log has reports:" >&2
	grep -nE -A12 "$pattern" "$log" | head -n 80 >&2
	exit 1
fi
exit 0
