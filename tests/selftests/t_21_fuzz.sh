# Thousands of random and mutated requests from a fixed seed: the kernel
# stays up (the bed checks its log for KASAN, lockdep and leaks), every job
# they started ends, and the module still copies correctly afterwards.
. ./lib.sh
load_module
nl-fuzz 20261120 "${P2PDMA_FUZZ_COUNT:-3000}" "$BED_SRC" "$BED_DST" || fail "fuzzer"
i=0
while p2pdma jobs | grep -q running && [ $i -lt 60 ]; do
	sleep 1
	i=$((i + 1))
done
p2pdma jobs | grep running && fail "jobs still running after the fuzz"
p2pdma copy --check --seed 21 -s 64k -c 32 "$BED_SRC" "$BED_DST" >/dev/null ||
	fail "the module no longer copies correctly"
