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
picked=
for t in $(ls $P2PDMA_TESTS); do
	picked="$picked -t p2pdma:$t"
done
exec ../run_kselftest.sh $picked
