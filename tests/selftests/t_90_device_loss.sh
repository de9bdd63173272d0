# Hot-removing the destination, or the provider, during a job ends the job
# with an error and no crash; the devices come back on a rescan and the
# module unloads afterwards.
. ./lib.sh
load_module
remove_during_job() {	# PCI ROLE
	id=$(p2pdma copy --detach -D 60 -s 64k -q 4 "$BED_SRC" "$BED_DST") || fail "start"
	sleep 1
	echo 1 >/sys/bus/pci/devices/$1/remove || fail "remove $1"
	p2pdma wait "$id" >/tmp/wait.out 2>&1
	cat /tmp/wait.out
	state=$(job_state "$id")
	[ "$state" = failed ] || fail "job $id is $state after its $2 was removed"
	echo "removing the $2 ($1) failed job $id as it should"
	echo 1 >/sys/bus/pci/rescan
	sleep 2
	rediscover
	[ -b "$BED_SRC" ] && [ -b "$BED_DST" ] && [ -d /sys/bus/pci/devices/$BED_CMB_PCI/p2pmem ] ||
		fail "devices did not come back after the rescan"
}
remove_during_job "$BED_DST_PCI" destination
remove_during_job "$BED_CMB_PCI" provider
p2pdma copy --check --seed 90 -s 64k -c 16 "$BED_SRC" "$BED_DST" >/dev/null || fail "copy after rescan"
rmmod p2pdma_harness || fail "rmmod after device loss"
