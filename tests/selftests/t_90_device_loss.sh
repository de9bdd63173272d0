#!/bin/sh
# Hot-removing the source, the destination or the provider during a job
# ends the job, none of them with a hang or a crash: the source's and the
# destination's bios fail in the block layer (an I/O error on the read,
# resp. the write, naming the device), the provider's departure stops the
# job with ENODEV, and a job that had already ended keeps its result.  The
# devices come back on a rescan and the module still copies, then unloads.
# needs: src dst provider provider-disk destructive
. ./lib.sh
load_module

# All the bed's devices are back, block devices and all, the provider's
# p2pmem published again (which comes before its namespace does).
devices_back() {
	rediscover
	[ -b "$P2PDMA_SRC" ] && [ -b "$P2PDMA_DST" ] && [ -b "$P2PDMA_PROVIDER_DISK" ] && [ -n "$P2PDMA_PROVIDER" ] &&
		[ "$(cat "/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem/published" 2>/dev/null)" = 1 ]
}

remove_during_job() {	# PCI ROLE PATTERN...: what the failure must say
	pci=$1
	role=$2
	shift 2
	lose_device_mid_job "$role" "$P2PDMA_SRC $P2PDMA_DST" \
		"echo 1 >/sys/bus/pci/devices/$pci/remove" "$@"
	echo 1 >/sys/bus/pci/rescan || fail "rescan"
	poll_until 30 devices_back || fail "devices did not come back within 30 s of the rescan"
}
src=$P2PDMA_SRC
remove_during_job "$P2PDMA_SRC_PCI" source "failed: read .*$src" "Input/output error"
dst=$P2PDMA_DST
remove_during_job "$P2PDMA_DST_PCI" destination "failed: write .*$dst" "Input/output error"
# A job that has ended keeps its result when its provider goes later.
done_id=$(p2pdma copy --detach -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST") || fail "short job"
p2pdma wait "$done_id" >/dev/null || fail "short job $done_id"
remove_during_job "$P2PDMA_PROVIDER" provider "No such device"
[ "$(job_state "$done_id")" = done ] ||
	fail "job $done_id, done before its provider went, is now $(job_state "$done_id")"
p2pdma copy --check --seed 90 -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" >/dev/null || fail "copy after rescan"
rmmod p2pdma_harness || fail "rmmod after device loss"
