#!/bin/sh
# A job started with --detach outlives the runner that started it and ends
# on its own, its data intact.
# needs: src dst destructive
. ./lib.sh
load_module
p2pdma fill --seed 14 -l 4M "$P2PDMA_SRC" || fail "fill"
id=$(p2pdma copy --detach -s 64k -q 2 -l 4M "$P2PDMA_SRC" "$P2PDMA_DST") || fail "start"
# It goes on moving data once its runner has gone.
poll_until 20 job_moved "$id" || fail "detached job $id moved nothing: $(cat /tmp/job_moved.json)"
state=$(job_state "$id")
case $state in
running|done) ;;
*) fail "detached job $id is $state" ;;
esac
p2pdma wait "$id" >/dev/null || fail "job $id did not complete"
p2pdma check --seed 14 -l 4M "$P2PDMA_DST" || fail "data of the detached job"
