#!/bin/sh
# The module unloads cleanly once every job has ended, and is gone after.
# bed-topologies: switch host-bridge host-bridge-iommu
. ./lib.sh
load_module
rmmod p2pdma_harness || fail "rmmod"
module_loaded && fail "module still loaded"
expect_refusal "not loaded" p2pdma jobs
