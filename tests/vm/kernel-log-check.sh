#!/usr/bin/env bash
# Fails when a console log shows the kernel complaining, with each kind of
# report the bed's kernel can print (tests/vm/kernel-debug.config):
#   BUG/WARNING/oops/panic, KASAN, UBSAN, lockdep and RCU-lockdep splats,
#   sleeping in atomic context, a hung task, a soft or hard lockup, a
#   workqueue or RCU stall, the OOM killer, leaks kmemleak found, and a
#   netlink error message longer than the 80 characters it may have.
# The guest boots with loglevel=5, so warnings reach the console as they
# happen: a guest that hangs or whose ring buffer wraps still shows them.
# Prints the offending lines with some context.
#
# One report is the kernel's own and known: lockdep on pciehp's safe
# removal, which takes its reset_lock, then pci_rescan_remove_lock, then
# the reset_lock again after each driver unbind (pciehp_unconfigure_device;
# 6.12, unchanged upstream).  It is printed as such and does not fail the
# run, but only when every frame in it is the PCI core's or pciehp's: a
# report with this module's code in it is a verdict like any other.
# Lockdep turns itself off after any report, so the tests after the one
# that removes a slot run without it (t_91 runs last but for the final
# checks).
# And one line is advice, not a report: on an AMD guest CPU (the
# host-bridge machines) the kernel prints "Speculative Return Stack
# Overflow: WARNING: See ...srso.html" at boot, since TCG has no microcode.
# Usage: kernel-log-check.sh CONSOLE_LOG
set -u
log=$1
known_reports_removed() {
	awk '
	function flush(   known) {
		known = block ~ /irq\/[0-9]+-pciehp\/[0-9]+ is trying to acquire lock/ &&
			block ~ /\(&ctrl->reset_lock/ && block ~ /\(pci_rescan_remove_lock\)/ &&
			block !~ /p2pdma/
		if (known)
			printf "bed: known kernel report (pciehp lockdep, not this module): %s\n", first > "/dev/stderr"
		else
			printf "%s", block
		block = ""; inside = 0
	}
	/Speculative Return Stack Overflow: WARNING: See https:\/\/kernel.org\/doc\/html\/latest\/admin-guide\/hw-vuln\/srso.html/ { next }
	/WARNING: possible circular locking dependency detected/ { inside = 1; first = $0 }
	inside { block = block $0 "\n"; if (/<\/TASK>/) flush(); next }
	{ print }
	END { if (inside) flush() }
	' "$1"
}
filtered=$(mktemp)
trap 'rm -f "$filtered"' EXIT
known_reports_removed "$log" >"$filtered"
log=$filtered
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
	'truncated extack'		# a refusal cut at 80 characters
)
pattern=$(IFS='|'; echo "${reports[*]}")
if grep -qE "$pattern" "$log"; then
	echo "bed: FAIL: the kernel log has reports:" >&2
	grep -nE -A12 "$pattern" "$log" | head -n 80 >&2
	exit 1
fi
exit 0
