#!/bin/sh
# After everything: no job running, the module's refcount 0, all p2pmem
# back in the pool.  (The bed then checks kmemleak and the kernel log.)
# bed-topologies: switch host-bridge host-bridge-iommu
# needs: provider
. ./lib.sh
load_module
running=$(running_jobs) || fail "p2pdma jobs: $(cat /tmp/running_jobs.out)"
[ -z "$running" ] || fail "jobs still running: $running"
[ "$(cat /sys/module/p2pdma_harness/refcnt)" = 0 ] || fail "module refcount $(cat /sys/module/p2pdma_harness/refcnt)"
size=$(cat /sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem/size)
[ "$(p2pmem_available "$P2PDMA_PROVIDER")" = "$size" ] || fail "p2pmem not all back: $(p2pmem_available "$P2PDMA_PROVIDER") of $size"
true
