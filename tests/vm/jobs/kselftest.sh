#!/bin/sh
# Guest job: run_kselftest.sh runs the p2pdma collection (tests/vm/
# kselftest.sh put both in /bed/kselftest), the tests P2PDMA_TESTS names.
# The devices come from the environment, as a lab's job would give them:
# the bed's configuration file becomes exported variables and is removed.
set -a
. /etc/p2pdma-selftests.conf
set +a
rm /etc/p2pdma-selftests.conf
cd /bed/kselftest/p2pdma || exit 1
# The tests for this machine, as run.sh picks them.
. ./lib.sh
picked=
for t in $(ls $P2PDMA_TESTS); do
	for_this_machine "$t" && picked="$picked -t p2pdma:$t"
done
# The bed gives every test what it needs: a skip here means the devices
# did not get through, which must fail the stage, not pass it quietly.
../run_kselftest.sh $picked | awk '
	/^ok .* # SKIP/ { sub(/^ok/, "not ok"); $0 = $0 " (a skip in the bed)"; bad = 1 }
	{ print; fflush() }
	END { exit bad }'
