#!/usr/bin/env bash
# The selftests as a lab runs them, in the bed: installed as a kselftest
# collection (make -C tests/selftests install) beside the kernel's own
# runner, run_kselftest.sh from the guest kernel's source, and told their
# devices through the environment instead of the file the bed's discovery
# writes (tests/vm/jobs/kselftest.sh).  P2PDMA_TESTS picks the tests (by
# default those below: discovery, a copy, a refusal, losing the devices
# and finding them again by PCI function, the final state); every other
# option is bed.sh's.  Closes with "vm-kselftest: N passed, N failed, N
# skipped".
#
# With --after-suite (the first option) the same guest first runs the
# whole suite as bed.sh does, its stage closing as bed.sh's would ("vm"
# on the switch and 6.12), then this pass (jobs/selftests-kselftest.sh):
# make test's way, which saves a boot.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tests=${P2PDMA_TESTS:-t_01_* t_02_* t_03_* t_04_* t_07_* t_90_* t_98_* t_99_*}

tree=$("$here/kernel.sh" 6.12)
install=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-kselftest.XXXXXX")
trap 'rm -rf "$install"' EXIT
# mktemp's 0700 would follow the copy into the guest, where t_21 and t_22
# run the collection's tools as nobody.
chmod 755 "$install"
cp "$tree/tools/testing/selftests/run_kselftest.sh" "$install/"
cp -r "$tree/tools/testing/selftests/kselftest" "$install/"
make -s -C "$top/tests/selftests" install INSTALL_PATH="$install"

if [ "${1:-}" = --after-suite ]; then
	shift
	cp "$here/jobs/kselftest.sh" "$install/job"
	"$here/bed.sh" --ktap --job "$here/jobs/selftests-kselftest.sh" \
		--add "$install:kselftest" --env "P2PDMA_KSELFTEST_TESTS=$tests" "$@"
else
	"$here/bed.sh" --ktap --stage vm-kselftest --job "$here/jobs/kselftest.sh" \
		--add "$install:kselftest" --env "P2PDMA_TESTS=$tests" "$@"
fi
