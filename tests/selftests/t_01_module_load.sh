# The module loads, registers its netlink family and answers.
. ./lib.sh
module_loaded && fail "module already loaded before the test"
insmod "$MODULE" || fail "insmod"
module_loaded || fail "no /sys/module/p2pdma_harness after insmod"
p2pdma jobs || fail "the family does not answer a job dump"
[ -z "$(p2pdma jobs)" ] || fail "a fresh module lists jobs"
