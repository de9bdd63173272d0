# Helpers for the selftests; sourced.  BED_* come from the bed's init:
# BED_CMB (NVMe with a CMB, behind the switch), BED_SRC and BED_DST (plain
# NVMe behind the switch), BED_FAR (NVMe with a CMB on its own root port),
# BED_VIRT (virtio-blk, 64 GiB sparse), BED_ZNS (a zoned NVMe namespace on
# a root port of its own), and BED_*_PCI their PCI functions.
. /etc/bed.env
KSFT_SKIP=4
MODULE=/lib/p2pdma_harness.ko

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "$*"
	exit $KSFT_SKIP
}

# Devices may come back under other names after a PCI rescan.
rediscover() {
	bed-discover >/etc/bed.env
	. /etc/bed.env
}

p2pmem_available() {
	cat "/sys/bus/pci/devices/$1/p2pmem/available" 2>/dev/null || echo none
}

module_loaded() {
	[ -d /sys/module/p2pdma_harness ]
}

load_module() {
	module_loaded || insmod "$MODULE" || fail "insmod $MODULE"
}

# Checksum of LEN bytes at byte OFFSET of DEV, read past the page cache.
range_sum() {
	echo 3 >/proc/sys/vm/drop_caches
	dd if="$1" bs=4096 skip=$(($2 / 4096)) count=$(($3 / 4096)) \
		iflag=direct 2>/dev/null | md5sum | cut -d' ' -f1
}

# Runs a command that must fail, with stderr matching a pattern.
expect_refusal() {
	pattern=$1
	shift
	if "$@" >/tmp/refusal.out 2>&1; then
		cat /tmp/refusal.out
		fail "'$*' succeeded, expected a refusal"
	fi
	cat /tmp/refusal.out
	grep -q -e "$pattern" /tmp/refusal.out ||
		fail "refusal of '$*' does not say '$pattern'"
}

# Runs a command that must exit with STATUS, its output (in /tmp/status.out)
# matching PATTERN.
expect_status() {
	want=$1
	pattern=$2
	shift 2
	"$@" >/tmp/status.out 2>&1
	got=$?
	cat /tmp/status.out
	[ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
	grep -q -e "$pattern" /tmp/status.out ||
		fail "output of '$*' does not say '$pattern'"
}

# State of job ID ("running", "done", ...), or a sentence saying why not.
job_state() {
	p2pdma jobs >/tmp/job_state.out 2>&1 || {
		echo "unknown ('p2pdma jobs' failed: $(cat /tmp/job_state.out))"
		return 1
	}
	awk -v id="$1" '$1 == id { print $2 }' /tmp/job_state.out
}

# Ids of the running jobs, one per line; fails when 'p2pdma jobs' does.
running_jobs() {
	p2pdma jobs >/tmp/running_jobs.out 2>&1 || return 1
	awk '$2 == "running" { print $1 }' /tmp/running_jobs.out
}

# Runs CMD... every 0.2 s until it succeeds; fails after SECONDS.
poll_until() {
	poll_left=$(($1 * 5))
	shift
	until "$@"; do
		poll_left=$((poll_left - 1))
		[ $poll_left -gt 0 ] || return 1
		sleep 0.2
	done
}

# Value of the top-level KEY of the JSON object in FILE, quotes removed:
# nested objects (the phases, the check reports) are dropped first, since
# they repeat keys such as "bytes".
json_get() {
	tr -d '\n' <"$2" | sed -E 's/"[A-Za-z0-9_]+": *\{[^{}]*\}//g' |
		grep -oE "\"$1\": *(\"[^\"]*\"|[A-Za-z0-9.+-]+)" | head -n 1 |
		sed -E 's/^"[^"]*": *//; s/"//g'
}

# Checksum of LEN zero bytes, to compare with range_sum.
zeros_sum() {
	dd if=/dev/zero bs=4096 count=$(($1 / 4096)) 2>/dev/null | md5sum | cut -d' ' -f1
}
