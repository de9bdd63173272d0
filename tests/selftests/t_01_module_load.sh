#!/bin/sh
# The module loads, registers its netlink family and answers.
# bed-topologies: switch host-bridge host-bridge-iommu
. ./lib.sh
module_loaded && fail "module already loaded before the test"
insert_module || fail "cannot load the module ($MODULE, or modprobe p2pdma_harness)"
module_loaded || fail "no /sys/module/p2pdma_harness after insmod"
p2pdma jobs >/tmp/jobs.out 2>/tmp/jobs.err ||
	{ cat /tmp/jobs.out /tmp/jobs.err; fail "the family does not answer a job dump"; }
if [ -s /tmp/jobs.out ]; then
	cat /tmp/jobs.out
	fail "a fresh module lists jobs"
fi
