# Helpers for the selftests; sourced.  BED_* come from the bed's init:
# BED_CMB (NVMe with a CMB, behind the switch), BED_SRC and BED_DST (plain
# NVMe behind the switch), BED_FAR (NVMe with a CMB on its own root port),
# BED_VIRT (virtio-blk), and BED_*_PCI their PCI functions.
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
	grep -q "$pattern" /tmp/refusal.out ||
		fail "refusal of '$*' does not say '$pattern'"
}

# Job id of a line printed by 'p2pdma copy --detach'.
job_state() {
	p2pdma jobs | awk -v id="$1" '$1 == id { print $2 }'
}
