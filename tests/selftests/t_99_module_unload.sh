# The module unloads cleanly once every job has ended, and is gone after.
. ./lib.sh
load_module
rmmod p2pdma_harness || fail "rmmod"
module_loaded && fail "module still loaded"
p2pdma jobs 2>&1 | grep -q "not loaded" || fail "the runner does not say the module is not loaded"
