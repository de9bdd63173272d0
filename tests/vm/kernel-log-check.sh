#!/usr/bin/env bash
# Fails when a console log shows the kernel complaining, with each kind of
# report the bed's kernel can print (tests/vm/kernel.config):
#   BUG/WARNING/oops/panic, KASAN, UBSAN, lockdep and RCU-lockdep splats,
#   sleeping in atomic context, a hung task, a soft or hard lockup, a
#   workqueue or RCU stall, the OOM killer, and leaks kmemleak found.
# The guest boots with loglevel=5, so warnings reach the console as they
# happen: a guest that hangs or whose ring buffer wraps still shows them.
# Prints the offending lines with some context.
# Usage: kernel-log-check.sh CONSOLE_LOG
set -u
log=$1
reports=(
	'BUG:'				# also "BUG: soft lockup", "BUG: workqueue lockup"
	'WARNING:'			# WARN*(), DEBUG_LIST corruption
	'Oops' 'Kernel panic' 'general protection fault'
	'KASAN:' 'UBSAN:'
	'possible circular locking' 'possible recursive locking'
	'inconsistent lock state' 'suspicious RCU usage' 'DEBUG_LOCKS_WARN_ON'
	'scheduling while atomic' 'sleeping function called from invalid context'
	'blocked for more than'		# hung task
	'hard LOCKUP'			# "Watchdog detected hard LOCKUP on cpu N"
	'detected stalls' 'self-detected stall'	# RCU
	'invoked oom-killer'
	'unreferenced object'		# kmemleak
)
pattern=$(IFS='|'; echo "${reports[*]}")
if grep -qE "$pattern" "$log"; then
	echo "bed: FAIL: the kernel log has reports:" >&2
	grep -nE -A12 "$pattern" "$log" | head -n 80 >&2
	exit 1
fi
exit 0
