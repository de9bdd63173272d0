#!/bin/sh
# A bounded soak: copies of varied chunk size, depth and stream count,
# every byte checked, for P2PDMA_SOAK_SECONDS (default 60).
# needs: src dst destructive
. ./lib.sh
load_module
end=$(($(date +%s) + ${P2PDMA_SOAK_SECONDS:-60}))
seed=2800 bytes=0 runs=0
while [ "$(date +%s)" -lt $end ]; do
	seed=$((seed + 1))
	set -- 4k:16:1 64k:8:2 128k:4:4 1M:2:1 16k:32:2 512k:8:1
	shift $((seed % 6))
	spec=$1
	cs=${spec%%:*} rest=${spec#*:}
	q=${rest%%:*} t=${rest#*:}
	p2pdma copy --check --seed $seed -s $cs -q $q -t $t -l 4M "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/soak.out 2>&1 ||
		{ cat /tmp/soak.out; fail "soak run $runs ($cs, depth $q, $t streams) failed"; }
	bytes=$((bytes + 4194304))
	runs=$((runs + 1))
done
echo "soak: $runs copies, $bytes bytes verified"
[ $runs -gt 0 ] || fail "no soak run"
