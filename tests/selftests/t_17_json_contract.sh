#!/bin/sh
# Every command's -j prints one JSON document on stdout that fits the
# schema (lib.sh checks each one), whether it is done or refused; results
# are read from it with jq.  A refusal carries the errno's name and the
# option or argument at fault, also when only the kernel knows it: the
# attribute its extended ack points at, decoded into what the user typed.
# needs: src dst nonp2p destructive
. ./lib.sh
load_module

# Runs p2pdma -j ARGS into /tmp/doc.json; it must exit STATUS.
doc() {	# STATUS ARGS...
	doc_want=$1
	shift
	p2pdma -j "$@" >/tmp/doc.json 2>/tmp/doc.err
	doc_rc=$?
	cat /tmp/doc.json
	[ "$doc_rc" = "$doc_want" ] ||
		{ cat /tmp/doc.err; fail "'p2pdma -j $*' exited $doc_rc, expected $doc_want"; }
}

# The document in /tmp/doc.json makes jq FILTER true; WHAT if not.
says() {	# FILTER WHAT
	jq -e "$1" /tmp/doc.json >/dev/null || fail "$2 ($1)"
}

doc 0 copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST"
says '.command == "copy" and .job.state == "done" and .job.bytes == 1048576' "copy"
says '.job.ios == 32 and .job.phases.write.ios == 16 and .job.chunks == 16' "copy's counts"

doc 0 copy -s 64k -c 16 --detach "$P2PDMA_SRC" "$P2PDMA_DST"
id=$(jq -r .job.id /tmp/doc.json)
doc 0 wait "$id"
says ".jobs[0].id == $id and .jobs[0].state == \"done\"" "wait"

# A job to read while it runs: one 256 KiB chunk in flight, so that its
# completions leave the CPUs to the commands below (at the default depth
# of 16 they took 25 s).
doc 0 copy -s 256k -q 1 -l 1M -D 600 --overlap --detach "$P2PDMA_SRC" "$P2PDMA_DST"
id=$(jq -r .job.id /tmp/doc.json)
doc 0 status "$id"
says ".job.id == $id and .job.detached" "status"
doc 0 jobs
says "[.jobs[] | select(.id == $id and .state == \"running\")] | length == 1" "jobs"
doc 0 cancel "$id"
says ".jobs[0].id == $id" "cancel"
doc 1 wait "$id"
says '.jobs[0].state == "cancelled"' "wait on a cancelled job"

doc 0 fill --seed 17 -l 64k --offset 1M "$P2PDMA_SRC"
says '.range.offset == 1048576 and .range.length == 65536 and .range.seed == 17' "fill"
doc 0 check --seed 17 -l 64k --src-offset 1M --dst-offset 1M "$P2PDMA_SRC"
says '.check.bad_blocks == 0 and .check.blocks > 0' "check"
doc 1 check --seed 18 -l 64k --src-offset 1M --dst-offset 1M "$P2PDMA_SRC"
says '.check.bad_blocks == .check.blocks and (.check.mismatches | length) > 0' "check with the wrong seed"

doc 0 doctor "$P2PDMA_SRC" "$P2PDMA_DST"
says '.works and .problems == 0 and ([.checks[] | select(.level == "ok")] | length) > 0' "doctor"
doc 1 doctor "$P2PDMA_SRC" "$P2PDMA_NONP2P"
says '(.works | not) and .problems > 0' "doctor on a virtio pair"
doc 0 list
says '(.pairs | length) > 0 and ([.devices[] | select(.nvme)] | length) > 1' "list"

# Refusals: by the runner, then by the kernel, decoded.
doc 2 copy -s 8M "$P2PDMA_SRC" "$P2PDMA_DST"
says '.error.name == "EUSAGE" and .error.attribute == "--chunk_size"' "-s 8M"
says '.error.message | test("at most 4M")' "-s 8M's bound"
doc 1 status 4000000000
says '.error.name == "ENOENT" and .error.attribute == "ID" and (.job | not)' "status of no job"
doc 1 copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_DST" 0000:7f:1f.7
says '.error.name == "ENODEV" and (.error.message | test("0000:7f:1f.7"))' "a provider that does not exist"
doc 1 copy -s 64k -c 16 "$P2PDMA_SRC" "$P2PDMA_NONP2P"
says '.error.errno > 0 and (.error.message | length) > 0' "a copy to virtio"
echo "every document fit the schema"
