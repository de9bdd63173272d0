#!/bin/sh
# 'doctor' gives the right verdict for the switch pair, the pair across
# root ports and the virtio disk, with and without the module.
# needs: src dst provider far nonp2p
. ./lib.sh
load_module
p2pdma doctor "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/doc.out || { cat /tmp/doc.out; fail "switch pair judged broken"; }
cat /tmp/doc.out
grep -q "kernel accepts provider $P2PDMA_PROVIDER" /tmp/doc.out || fail "provider not accepted"
grep -q "$P2PDMA_PROVIDER.*provider, usable" /tmp/doc.out || fail "tree does not mark the provider"
grep -q "\[SRC\]" /tmp/doc.out && grep -q "\[DST\]" /tmp/doc.out || fail "tree lacks SRC or DST"

p2pdma doctor "$P2PDMA_SRC" "$P2PDMA_FAR" >/tmp/doc.out && { cat /tmp/doc.out; fail "cross-root-port pair judged fine"; }
cat /tmp/doc.out
grep -q "under different root ports" /tmp/doc.out || fail "no root port verdict"
grep -q "no p2pmem provider can serve" /tmp/doc.out || fail "no provider verdict"

p2pdma doctor "$P2PDMA_NONP2P" "$P2PDMA_DST" >/tmp/doc.out && fail "virtio pair judged fine"
grep -q "$P2PDMA_NONP2P .*not an NVMe namespace" /tmp/doc.out || fail "virtio not named"

rmmod p2pdma_harness || fail "rmmod"
p2pdma doctor "$P2PDMA_SRC" "$P2PDMA_DST" >/tmp/doc.out || { cat /tmp/doc.out; fail "without the module"; }
grep -q "module is not loaded" /tmp/doc.out || fail "missing module not reported"
grep -q "meet below" /tmp/doc.out || fail "no topology verdict without the module"
