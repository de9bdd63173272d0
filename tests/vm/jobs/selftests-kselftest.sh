#!/bin/sh
# Guest job: the whole suite (jobs/selftests.sh), then in the same boot
# the run_kselftest.sh pass (jobs/kselftest.sh, on the tests
# P2PDMA_KSELFTEST_TESTS names) as a stage of its own, vm-kselftest: one
# boot instead of two (tests/vm/kselftest.sh --after-suite).  The pass
# starts from what the suite leaves, which its t_98 and t_99 have just
# checked: no job, the module unloaded, every provider's p2pmem back.
sh /selftests/run.sh
suite=$?
echo "P2PDMA-BED-STAGE vm-kselftest"
P2PDMA_TESTS=$P2PDMA_KSELFTEST_TESTS sh /bed/kselftest/job
pass=$?
[ $suite -eq 0 ] && [ $pass -eq 0 ]
