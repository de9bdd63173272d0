#!/bin/sh
# The README's table "From p2pmem-test, fio and cmb_copy", row by row: each
# command line in a 'carry' below is in that table word for word (the
# static stage checks it), and runs here on the bed's devices, with what
# the row promises checked: the same p2p memory as the tool it replaces,
# stopping when it stops, the same bytes moved.
# needs: src dst provider destructive
. ./lib.sh
load_module
alloc=/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem/allocate
size=$(cat "/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem/size") || fail "p2pmem size"
user_path=
[ -e "$alloc" ] && user_path=yes

# Runs the README's command line on the bed's devices; its output in
# /tmp/carry.out, its status returned.
carry() {	# "COMMAND LINE AS IN THE README"
	# Through placeholders: the bed's source may be called nvme1n1.
	cmd=$(echo "$1" | sed -e "s#/dev/nvme0n1#@SRC@#g" -e "s#/dev/nvme1n1#@DST@#g" \
		-e "s#0000:03:00.0#@CMB@#g" -e "s#@SRC@#$P2PDMA_SRC#g" -e "s#@DST@#$P2PDMA_DST#g" \
		-e "s#@CMB@#$P2PDMA_PROVIDER#g")
	echo "\$ $cmd"
	# The runner itself, not lib.sh's function: "&" lines are signalled by pid.
	eval "\"\$P2PDMA\" ${cmd#p2pdma }" >/tmp/carry.out 2>&1
	carry_rc=$?
	cat /tmp/carry.out
	return $carry_rc
}

job_running() {
	[ -n "$(running_jobs)" ]
}

# The copy's summary line has KEY=VALUE.
says() {	# KEY=VALUE WHAT
	grep -q " $1 " /tmp/carry.out || fail "$2: no '$1'"
}

# p2pmem-test's own line, through the module: 4 threads of one 4k I/O
# each, so 16 KiB of p2pmem, as p2pmem-test takes.
carry "p2pdma copy /dev/nvme0n1 /dev/nvme1n1 /sys/bus/pci/devices/0000:03:00.0/p2pmem/allocate -c 1024 -s 4k -t 4 --check --summary" ||
	fail "p2pmem-test's line"
says "depth=1" "-t 4 without -q"
says "streams=4" "-t 4"
says "bytes=4194304" "-c 1024 -s 4k"

if [ -n "$user_path" ]; then
	# ... and p2pmem-test's own way: pread and pwrite on mmapped p2pmem.
	carry "p2pdma copy --engine user --sync /dev/nvme0n1 /dev/nvme1n1 /sys/bus/pci/devices/0000:03:00.0/p2pmem/allocate -c 1024 -s 4k -t 4 --check --summary" ||
		fail "p2pmem-test's line, its own way"
	says "engine=sync" "--engine user --sync"
	says "mode=p2p" "the allocate file"
	says "bytes=4194304" "-c 1024 -s 4k"
fi

if [ -n "$user_path" ]; then
	# p2pmem-test's CPU access check and zeroing of the buffer, first.
	carry "p2pdma copy --engine user --sync /dev/nvme0n1 /dev/nvme1n1 /sys/bus/pci/devices/0000:03:00.0/p2pmem/allocate -c 64 -s 4k --host_access 8:64 --init 64:4096" ||
		fail "--host_access and --init"
	grep -qE "^init +64 +aligned +64 +0 " /tmp/carry.out || fail "--init 64:4096 not checked"
	grep -qE "^check +8 +aligned +64 +0 " /tmp/carry.out || fail "--host_access 8:64 not checked"
fi

# -c with -D: whichever ends first; here the chunks.
carry "p2pdma copy /dev/nvme0n1 /dev/nvme1n1 0000:03:00.0 -c 100 -s 4k -D 600 --summary" ||
	fail "-c with -D"
says "state=done" "-c 100 -D 600"
says "bytes=409600" "-c 100 -D 600"

# --seed -1: a seed from the time, and the check passes with it.
carry "p2pdma copy /dev/nvme0n1 /dev/nvme1n1 0000:03:00.0 -c 64 -s 64k --check --seed -1" ||
	fail "--seed -1"
grep -q "destination .*: all 8192 blocks match (seed [0-9]*)" /tmp/carry.out ||
	fail "--seed -1 not checked"

# Without a p2pmem file: system memory.
carry "p2pdma copy /dev/nvme0n1 /dev/nvme1n1 none -c 64 -s 64k --check" || fail "system memory"
grep -q "buffer   host memory" /tmp/carry.out || fail "not through host memory"

# -D -1: until stopped; ^C cancels and reports it.
cmd="p2pdma copy /dev/nvme0n1 /dev/nvme1n1 0000:03:00.0 -s 64k -D -1 --overlap"
carry "$cmd &"
pid=$!
poll_until 60 job_running || fail "-D -1: no job running"
kill -INT $pid
wait $pid
rc=$?
[ $rc = 130 ] || fail "-D -1 then ^C exited $rc, not 130"
grep -q "cancelled by signal" /tmp/carry.out || fail "-D -1: the cancel is not reported"

# SPDK cmb_copy -r 0000:01:00.0-1-2048-64 -w 0000:02:00.0-1-2048-64
# -c 0000:03:00.0: 64 blocks of 512 bytes at LBA 2048 of each.
p2pdma fill --seed 62 -l 32k --offset 1M "$P2PDMA_SRC" || fail "fill"
carry "p2pdma copy /dev/nvme0n1 /dev/nvme1n1 0000:03:00.0 -l 32k -s 32k --src-offset 1M --dst-offset 1M" ||
	fail "cmb_copy's line"
range_sum_to a "$P2PDMA_SRC" 1048576 32768
range_sum_to b "$P2PDMA_DST" 1048576 32768
[ "$a" = "$b" ] || fail "cmb_copy's blocks differ"

if [ -n "$user_path" ]; then
	# fio --rw=read into p2pmem, and --rw=write out of it.
	carry "p2pdma copy --engine user --skip-write -s 64k -q 16 -l 4M /dev/nvme0n1 /dev/nvme1n1 0000:03:00.0 --summary" ||
		fail "fio's read into p2pmem"
	says "engine=io_uring" "fio's io_uring"
	says "bytes=4194304" "fio --size=4M"
	carry "p2pdma copy --engine user --skip-read -s 64k -q 16 -l 4M /dev/nvme0n1 /dev/nvme1n1 0000:03:00.0 --summary" ||
		fail "fio's write out of p2pmem"
	says "bytes=4194304" "fio --size=4M"
fi
[ "$(p2pmem_available "$P2PDMA_PROVIDER")" = "$size" ] || fail "p2pmem not all given back"
