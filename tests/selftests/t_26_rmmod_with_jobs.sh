#!/bin/sh
# rmmod while jobs run cancels and waits for them, returns every buffer,
# and the module loads again.
# needs: src dst provider provider-disk destructive
. ./lib.sh
load_module
# Eight chunks in flight each, through p2pmem and host memory.  Chunks of
# 1 MiB: those of 64 KiB kept the CPUs so busy completing them that each
# 'p2pdma status' of the polls below took seconds.
a=$(p2pdma copy --detach -D 600 -s 1M -q 8 -l 16M "$P2PDMA_SRC" "$P2PDMA_DST") || fail "job a"
b=$(p2pdma copy --detach -D 600 -s 1M -q 8 -l 16M "$P2PDMA_SRC" "$P2PDMA_PROVIDER_DISK" none) || fail "job b"
for id in $a $b; do
	poll_until 20 job_moved "$id" || fail "job $id moved nothing: $(cat /tmp/job_moved.json)"
	[ "$(job_state "$id")" = running ] || fail "job $id is $(job_state "$id"), not running"
done
[ "$(cat /sys/module/p2pdma_harness/refcnt)" = 0 ] || fail "module refcount is not 0 with jobs running"
rmmod p2pdma_harness || fail "rmmod with jobs running"
module_loaded && fail "still loaded"
[ "$(p2pmem_available "$P2PDMA_PROVIDER")" = "$(cat /sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem/size)" ] ||
	fail "p2pmem not all returned after rmmod"
load_module
