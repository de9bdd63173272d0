#!/bin/sh
# p2pdma hostaccess: CPU loads and stores to the CMB's p2p memory, mmapped
# from its p2pmem/allocate file (Linux 6.2+).  Every access size, aligned
# and one byte off, comes back as written (text, and JSON with the
# provider as its allocate file); the provider named as its sysfs
# directory; p2pmem-test's --host_access (read-only too) and --init, whose
# zeroes are read back; a mapping larger than the pool fails (exit 1)
# saying so; a bad --host_access or an --init larger than the mapping is a
# usage error naming the option.  The p2pmem is all given back after each
# run.  On 6.1, which has no allocate file, the refusal says why, and the
# rest is skipped.  No module: this is the CPU and the BAR alone.
# needs: provider
. ./lib.sh
pci=$P2PDMA_PROVIDER
dir=/sys/bus/pci/devices/$pci
alloc=$dir/p2pmem/allocate
[ -n "$pci" ] || fail "no P2PDMA_PROVIDER"
size=$(cat "$dir/p2pmem/size") || fail "read $dir/p2pmem/size"

if [ ! -e "$alloc" ]; then
	kernel_at_least 6 2 && fail "$alloc is missing on $(uname -r), which has it from 6.2"
	expect_status 1 "predates userspace P2PDMA" p2pdma hostaccess "$pci"
	skip_bed_cannot "p2p memory in userspace on Linux $(uname -r): $pci has no p2pmem/allocate (6.2+)"
fi

# Runs p2pdma hostaccess ARGS, which must pass, into /tmp/ha.out; the
# pool is whole again after.
hostaccess_ok() {	# WHAT ARGS...
	what=$1
	shift
	p2pdma hostaccess "$@" >/tmp/ha.out 2>&1 || { cat /tmp/ha.out; fail "$what"; }
	cat /tmp/ha.out
	held=$(held_resources)
	[ -z "$held" ] || fail "after $what: $held"
}

# The text row of TEST SIZE ALIGN shows ACCESSES accesses and MISMATCHES.
row_is() {	# WHAT TEST SIZE ALIGN ACCESSES MISMATCHES
	row=$(awk -v t="$2" -v s="$3" -v a="$4" '$1 == t && $2 == s && $3 == a' /tmp/ha.out)
	[ -n "$row" ] || fail "$1: no row for the $3-byte $4 $2"
	echo "$row" | awk -v n="$5" -v m="$6" '{ exit !($4 == n && $5 == m) }' ||
		fail "$1: '$row', expected $5 accesses and $6 mismatches"
}

sizes="1 2 4 8 16 64"

hostaccess_ok "every size, the PCI address" --seed 60 "$pci"
for s in $sizes; do
	row_is "every size" check "$s" aligned 1024 0
	[ "$s" = 1 ] || row_is "every size" check "$s" +1 1024 0
done
[ "$(awk '$1 == "check"' /tmp/ha.out | wc -l)" = 11 ] || fail "not 11 checks"
grep -q "^no mismatch in 11 tests$" /tmp/ha.out || fail "no summary line"

hostaccess_ok "every size, JSON, the allocate file" -j --seed 61 "$alloc"
for s in $sizes; do
	for u in false true; do
		[ "$s$u" = 1true ] && continue
		jq -e --argjson s "$s" --argjson u "$u" '[.tests[] | select(.test == "check"
			and .size == $s and .unaligned == $u and .accesses == 1024
			and .mismatches == 0)] | length == 1' /tmp/ha.out >/dev/null ||
			fail "JSON: the $s-byte check (unaligned: $u) did not pass"
	done
done
[ "$(jq '[.tests[] | select(.test == "check")] | length' /tmp/ha.out)" = 11 ] ||
	fail "JSON: not 11 checks"
[ "$(json_get .provider /tmp/ha.out)" = "$pci" ] || fail "JSON: not $pci"

hostaccess_ok "unaligned 64 bytes, the sysfs directory" -s 64 --unaligned -n 4096 \
	--seed 62 "$dir"
row_is "the sysfs directory" check 64 +1 4096 0

hostaccess_ok "--init" --init 64:65536 --seed 63 "$pci"
row_is "--init" init 64 aligned 1024 0
[ "$(awk '$1 == "check"' /tmp/ha.out | wc -l)" = 0 ] || fail "--init alone ran a check"

hostaccess_ok "p2pmem-test's --host_access and --init" \
	--host_access 8:256 --init 64:65536 --seed 64 "$alloc"
row_is "--host_access" init 64 aligned 1024 0
row_is "--host_access" check 8 aligned 256 0

hostaccess_ok "read-only --host_access" --host_access -16:128 --seed 65 "$pci"
row_is "read-only" read 16 aligned 128 -

expect_status 1 "p2p memory" p2pdma hostaccess -l $((size + 1048576)) "$pci"
held=$(held_resources)
[ -z "$held" ] || fail "after a mapping too large: $held"

expect_status 2 "--host_access '3'" p2pdma hostaccess --host_access 3 "$pci"
expect_status 2 "--host_access '8:x'" p2pdma hostaccess --host_access 8:x "$alloc"
expect_status 2 "zeroing 2097152 bytes (--init)" \
	p2pdma hostaccess -l 1M --init 64:2M "$pci"
expect_status 2 "hostaccess needs the PCI function" p2pdma hostaccess auto
