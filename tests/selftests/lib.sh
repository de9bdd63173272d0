# Helpers for the selftests; sourced by each test, from its directory.
# The devices and what they must be: devices.sh.
. ./devices.sh
KSFT_SKIP=4
# timeout(1) stops a hung test with SIGTERM, on which dash and busybox
# skip a test's EXIT trap; exiting runs it, so the test puts back what it
# changed (a device's mode, make-it-fail, ACS Control).
trap 'exit 143' TERM INT
# Where the tests and their files are (the schema, its validator, the
# nl-* tools); the bed puts the tools in /usr/bin, an install beside them.
P2PDMA_SELFTESTS=$PWD
PATH=$PATH:$P2PDMA_SELFTESTS
# The module the bed packs, else the one installed (DKMS, make install).
MODULE=${P2PDMA_MODULE:-/lib/p2pdma_harness.ko}

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "$*"
	exit $KSFT_SKIP
}

# A skip for what the QEMU bed cannot model, which run.sh accepts there.
skip_bed_cannot() {
	skip "the bed cannot provide $*"
}

# Devices may come back under other names after a PCI rescan.
rediscover() {
	find_devices
}

# What is still held once no job runs, one line each; nothing when all was
# given back: the module's own accounting (jobs, bios in flight, buffer
# bytes) and every provider's p2pmem, which must be whole.
held_resources() {
	acct=/sys/kernel/debug/p2pdma_harness/accounting
	[ -r $acct ] && awk '$2 != 0 { print "the module still holds " $1 " " $2 }' $acct
	for p in /sys/bus/pci/devices/*/p2pmem; do
		[ -d "$p" ] || continue
		size=$(cat "$p/size") avail=$(cat "$p/available")
		[ "$size" = "$avail" ] ||
			echo "p2pmem of ${p%/p2pmem}: $avail of $size bytes available"
	done
}

p2pmem_available() {
	cat "/sys/bus/pci/devices/$1/p2pmem/available" 2>/dev/null || echo none
}

# The engines that can copy through p2pmem on this kernel: the module's,
# and from 6.2 the userspace path (a provider's p2pmem/allocate file).
p2p_engines() {
	if [ -e "/sys/bus/pci/devices/$P2PDMA_PROVIDER/p2pmem/allocate" ]; then
		echo kernel user
	else
		echo kernel
	fi
}

module_loaded() {
	[ -d /sys/module/p2pdma_harness ]
}

# A test runs on the machines its "# bed-topologies:" line names, by
# default the switch (tests/vm/topologies/); outside the bed, BED_TOPOLOGY
# is unset and every test runs.
for_this_machine() {	# TEST
	[ -z "$BED_TOPOLOGY" ] && return 0
	want=$(sed -n 's/^# bed-topologies: *//p' "$1")
	case " ${want:-switch} " in
	*" $BED_TOPOLOGY "*) return 0 ;;
	esac
	return 1
}

insert_module() {
	if [ -f "$MODULE" ]; then
		insmod "$MODULE"
	else
		modprobe p2pdma_harness
	fi
}

load_module() {
	module_loaded || insert_module || fail "cannot load the module ($MODULE, or modprobe p2pdma_harness)"
}

# The running kernel is at least MAJOR.MINOR.
kernel_at_least() {	# MAJOR MINOR
	release=$(uname -r)
	major=${release%%.*}
	minor=${release#*.}
	minor=${minor%%[!0-9]*}
	[ "$major" -gt "$1" ] || { [ "$major" = "$1" ] && [ "$minor" -ge "$2" ]; }
}

# The offset of extended capability ID in PCI function BDF's config space.
ext_cap() {	# BDF ID
	ec_off=256
	while [ "$ec_off" -ge 256 ]; do
		ec_hdr=$(od -An -tu4 -j "$ec_off" -N4 "/sys/bus/pci/devices/$1/config") || return 1
		[ $((ec_hdr & 0xffff)) = "$2" ] && { echo "$ec_off"; return 0; }
		ec_off=$(((ec_hdr >> 20) & 0xffc))
	done
	return 1
}

# The unprivileged user the permission tests run as.  The bed's initramfs
# has no /etc/passwd, and gets one; a machine's own is never rewritten.
need_nobody() {
	grep -q '^nobody:' /etc/passwd 2>/dev/null && return 0
	[ -e /etc/passwd ] && skip "needs a user 'nobody' (uid 65534) in /etc/passwd"
	echo 'root:x:0:0::/:/bin/sh' >/etc/passwd
	echo 'nobody:x:65534:65534::/tmp:/bin/sh' >>/etc/passwd
	echo 'root:x:0:' >/etc/group
	echo 'nogroup:x:65534:' >>/etc/group
}

# The kernel trusts this host's root complex to forward P2P between its
# root ports: AMD Zen (family 17h on), as pci_p2pdma's cpu check says.
# Intel host bridges on the kernel's whitelist are not known here.
host_bridge_forwards_p2p() {
	grep -q '^vendor_id.*AuthenticAMD' /proc/cpuinfo &&
		[ "$(sed -n 's/^cpu family[^0-9]*\([0-9]*\).*/\1/p' /proc/cpuinfo | head -n 1)" -ge 23 ]
}

# The bridge (a switch or root port) just above PCI function PCI.
upstream_port() {	# PCI
	up=$(readlink -f "/sys/bus/pci/devices/$1/..") || return 1
	echo "${up##*/}"
}

# Port PORT has ACS P2P Request Redirect on.  The bed has the kernel turn
# it on at boot (pci=config_acs, 6.11+).  6.1 has no such parameter: there
# the bit is set through the port's config file, as firmware would, and
# put back when the test exits.  The kernel reads the register afresh for
# every path it judges.
acs_redirect_on() {	# PORT
	acs=$(ext_cap "$1" 13) || fail "$1 has no ACS capability"
	acs_cfg=/sys/bus/pci/devices/$1/config
	acs_ctrl=$(od -An -tu2 -j $((acs + 6)) -N2 "$acs_cfg")
	[ $((acs_ctrl & 4)) = 4 ] && return 0
	kernel_at_least 6 11 &&
		fail "the kernel did not turn on RequestRedirect on $1 at boot (pci=config_acs)"
	trap 'acs_ctrl_write $acs_ctrl' EXIT
	acs_ctrl_write $((acs_ctrl | 4)) || fail "set RequestRedirect on $1"
}

# 16 bits, little-endian, in one aligned write.
acs_ctrl_write() {	# VALUE
	printf "\\$(printf %o $(($1 & 255)))\\$(printf %o $(($1 >> 8)))" |
		dd of="$acs_cfg" bs=2 seek=$(((acs + 6) / 2)) count=1 conv=notrunc 2>/dev/null
}

# Checksum of LEN bytes at byte OFFSET of DEV, read past the page cache.
range_sum() {
	echo 3 >/proc/sys/vm/drop_caches
	dd if="$1" bs=4096 skip=$(($2 / 4096)) count=$(($3 / 4096)) \
		iflag=direct 2>/dev/null | md5sum | cut -d' ' -f1
}

# Runs a command that must fail, with stderr matching a pattern.
expect_refusal() {
	pattern=$1
	shift
	if "$@" >/tmp/refusal.out 2>&1; then
		cat /tmp/refusal.out
		fail "'$*' succeeded, expected a refusal"
	fi
	cat /tmp/refusal.out
	grep -q -e "$pattern" /tmp/refusal.out ||
		fail "refusal of '$*' does not say '$pattern'"
}

# Runs a command that must exit with STATUS, its output (in /tmp/status.out)
# matching PATTERN.
expect_status() {
	want=$1
	pattern=$2
	shift 2
	"$@" >/tmp/status.out 2>&1
	got=$?
	cat /tmp/status.out
	[ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
	grep -q -e "$pattern" /tmp/status.out ||
		fail "output of '$*' does not say '$pattern'"
}

# The module's jobs, a line each ("ID STATE SRC -> DST ..."), in
# /tmp/jobs_listed.out; fails, saying why on stderr, when 'p2pdma jobs' does.
# The helpers below read its lines with awk: a jq over 'jobs -j' takes
# most of a second under TCG, and tens of seconds while jobs keep the
# CPUs busy (t_26's two polls took 70 s).  The documents 'jobs -j'
# prints are held to the schema where tests ask for them (t_17).
jobs_listed() {
	command p2pdma jobs >/tmp/jobs_listed.out 2>/tmp/jobs_listed.err ||
		{ cat /tmp/jobs_listed.err >&2; return 1; }
}

# State of job ID ("running", "done", ...), or a sentence saying why not.
job_state() {
	jobs_listed 2>/tmp/job_state.err || {
		echo "unknown ('p2pdma jobs' failed: $(cat /tmp/job_state.err))"
		return 1
	}
	awk -v id="$1" '$1 == id { print $2 }' /tmp/jobs_listed.out
}

# Ids of the running jobs, one per line; fails when 'p2pdma jobs' does.
# The listing, or why there is none, is left in /tmp/running_jobs.out.
running_jobs() {
	command p2pdma jobs >/tmp/running_jobs.out 2>&1 || return 1
	awk '$2 == "running" { print $1 }' /tmp/running_jobs.out
}

# Runs CMD... every 0.2 s until it succeeds; fails after SECONDS.
poll_until() {
	poll_left=$(($1 * 5))
	shift
	until "$@"; do
		poll_left=$((poll_left - 1))
		[ $poll_left -gt 0 ] || return 1
		sleep 0.2
	done
}

# What jq FILTER makes of the JSON document in FILE, strings unquoted
# ('.job.state'; see Documentation/p2pdma.schema.json); "null" for what
# is not there.
json_get() {	# FILTER FILE
	jq -r "$1" "$2"
}

# Sets each VAR to what jq FILTER makes of the JSON document in FILE, as
# json_get does, in one jq run: each run takes most of a second under TCG.
# Fails when jq does.  Only for scalars: each is read as one line.
json_read() {	# FILE VAR=FILTER...
	jr_file=$1
	shift
	jr_filters= jr_vars=
	for jr; do
		jr_vars="$jr_vars ${jr%%=*}"
		jr_filters="$jr_filters${jr_filters:+, }(${jr#*=})"
	done
	jq -r "$jr_filters" "$jr_file" >/tmp/json_read.out || return 1
	{
		for jr in $jr_vars; do
			IFS= read -r "$jr" || return 1
		done
	} </tmp/json_read.out
}

# The runner binary itself, for a run in the background that a test
# signals by its pid: the p2pdma function below would be a subshell.
P2PDMA=$(command -v p2pdma)

# -j output must be one document that the schema describes.  Each -j run
# of the runner in a test keeps its stdout in /tmp/json-docs, named after
# the test and the command, and run.sh validates them all at the end of
# the suite (json_schema_verdict) in one jq run: jq under TCG takes
# seconds to start, and a document a few hundred milliseconds per job in
# it.  A test keeps every document that carries an error and, of each
# command, the first two up to 16 KiB (a dozen jobs): polls of 'jobs -j'
# and the lists of t_27's hundreds of jobs would take minutes.  monitor -j streams its documents
# and is checked where a test reads them (schema_check).
p2pdma() {
	case " $* " in
	*" monitor "*|*" -h "*|*" --help "*) command p2pdma "$@"; return ;;
	*" -j "*|*" --json "*) ;;
	*) command p2pdma "$@"; return ;;
	esac
	p2pdma_doc=$(mktemp /tmp/p2pdma-doc.XXXXXX)
	command p2pdma "$@" >"$p2pdma_doc"
	p2pdma_rc=$?
	cat "$p2pdma_doc"
	json_keep "$p2pdma_doc" "$@"
	return $p2pdma_rc
}

# Keeps the document in FILE, printed by p2pdma ARGS, for the schema check.
json_keep() {	# FILE ARGS...
	jk_file=$1
	shift
	jk_cmd=p2pdma
	for jk_arg; do
		case $jk_arg in
		-*) ;;
		*) jk_cmd=$jk_arg; break ;;
		esac
	done
	mkdir -p /tmp/json-docs
	jk_base=/tmp/json-docs/${P2PDMA_TEST:-adhoc}.$jk_cmd
	jk_n=$(ls "$jk_base".*.json 2>/dev/null | wc -l)
	if grep -q '"error":{' "$jk_file" ||
	   { [ "$jk_n" -lt 2 ] && [ "$(wc -c <"$jk_file")" -le 16384 ]; }; then
		echo "p2pdma $*" >"$jk_base.$jk_n.$$.args"
		mv "$jk_file" "$jk_base.$jk_n.$$.json"
	else
		rm -f "$jk_file"
	fi
}

# Prints why the documents in FILE do not fit the schema, with WHAT they
# came from; nothing when they fit.  Fails when they do not.  With
# "dispatch", each is held to its command's part of the schema: the same
# verdict for less work.
schema_check() {	# FILE WHAT [dispatch]
	jq -n -r --slurpfile schema $P2PDMA_SELFTESTS/p2pdma.schema.json \
		--slurpfile doc "$1" ${3:+--arg dispatch command} \
		-f $P2PDMA_SELFTESTS/json-schema.jq >/tmp/schema-check.out 2>&1 &&
		[ ! -s /tmp/schema-check.out ] && return 0
	sed "s|^|$2: |" /tmp/schema-check.out
	return 1
}

# Validates every document json_keep kept: each file must hold exactly
# one, and each must fit the schema (held to its command's part of it,
# the same verdict for less work).  Prints what does not, with
# the test and command line it came from; fails when anything does not.
json_schema_verdict() {
	jsv_bad=0
	jsv_all=$(ls /tmp/json-docs/*.json 2>/dev/null)
	[ -n "$jsv_all" ] || { echo "no JSON document was kept"; return 1; }
	# One jq run over every file, naming the file of each document: each
	# must be named once.  A file jq cannot read stops it: then one by one.
	# shellcheck disable=SC2086 # one file name per word
	if ! jq -r input_filename $jsv_all >/tmp/json-docs.names 2>/dev/null; then
		for jsv_f in $jsv_all; do
			jq -r input_filename "$jsv_f" 2>/dev/null || echo "$jsv_f is not JSON"
		done >/tmp/json-docs.names
	fi
	for jsv_f in $jsv_all; do
		[ "$(grep -cxF "$jsv_f" /tmp/json-docs.names)" = 1 ] && continue
		echo "${jsv_f##*/} ($(cat "${jsv_f%.json}.args")): stdout is not one JSON document: $(head -c 200 "$jsv_f")"
		jsv_bad=1
	done
	# One validator run for them all, each held to its command's schema.
	# shellcheck disable=SC2086 # one file name per word
	cat $jsv_all >/tmp/json-docs.all
	if ! schema_check /tmp/json-docs.all "-j documents" dispatch; then
		jsv_bad=1
		echo "the documents, in order (document N above):"
		jsv_i=0
		for jsv_f in $jsv_all; do
			jsv_i=$((jsv_i + 1))
			echo "  $jsv_i: ${jsv_f##*/}: $(cat "${jsv_f%.json}.args")"
		done
	fi
	[ $jsv_bad = 0 ] && echo "$(echo "$jsv_all" | wc -l) documents fit the schema"
	return $jsv_bad
}

# Checksum of LEN zero bytes, to compare with range_sum.
zeros_sum() {
	dd if=/dev/zero bs=4096 count=$(($1 / 4096)) 2>/dev/null | md5sum | cut -d' ' -f1
}

# Sets VAR to range_sum's checksum of LEN bytes at byte OFFSET of DEV, read
# with O_DIRECT past the page cache, and fails the test when the read fails
# or comes up short: range_sum's pipe loses dd's status, and two failed
# reads would compare equal.  Call it as a command, not inside $(...),
# where fail would end only the subshell.
range_sum_to() {
	rst_bs=512
	for rst_b in 1048576 65536 4096; do
		if [ $(($3 % rst_b)) = 0 ] && [ $(($4 % rst_b)) = 0 ]; then
			rst_bs=$rst_b
			break
		fi
	done
	echo 3 >/proc/sys/vm/drop_caches || fail "drop_caches"
	dd if="$2" of=/tmp/range_sum.bin bs=$rst_bs skip=$(($3 / rst_bs)) count=$(($4 / rst_bs)) \
		iflag=direct 2>/tmp/range_sum.err ||
		fail "reading $4 bytes at $3 of $2: $(cat /tmp/range_sum.err)"
	rst_n=$(wc -c </tmp/range_sum.bin) || fail "size of /tmp/range_sum.bin"
	[ "$rst_n" = "$4" ] || fail "read $rst_n of $4 bytes at $3 of $2"
	rst_sum=$(md5sum </tmp/range_sum.bin) || fail "md5sum of $4 bytes at $3 of $2"
	rm -f /tmp/range_sum.bin
	eval "$1=\${rst_sum%% *}"
}

# Sets VAR to the checksum of LEN zero bytes, as range_sum_to does.
zeros_sum_to() {
	dd if=/dev/zero of=/tmp/zeros_sum.bin bs=4096 count=$(($2 / 4096)) 2>/tmp/zeros_sum.err ||
		fail "zeroes: $(cat /tmp/zeros_sum.err)"
	zst_sum=$(md5sum </tmp/zeros_sum.bin) || fail "md5sum of $2 zero bytes"
	rm -f /tmp/zeros_sum.bin
	eval "$1=\${zst_sum%% *}"
}

# Number of the module's jobs, or of those in STATE ("running", ...);
# fails, saying why on stderr, when 'p2pdma jobs' does.
job_count() {
	jobs_listed || return 1
	awk -v s="${1:-}" 's == "" || $2 == s { n++ } END { print n + 0 }' /tmp/jobs_listed.out
}

# The job's bytes in the status -j document in FILE, read by the shell
# alone: for polls, where a jq each time (a second of emulated CPU under
# TCG) would slow the very job being waited for.  The job's "bytes" is
# the document's first member of that name (bytes_total and bytes_per_sec
# are others; the phases' come after).
job_bytes_polled() {	# FILE
	jbp=$(cat "$1")
	case $jbp in
	*'"job":{'*'"bytes":'*) ;;
	*) return 1 ;;
	esac
	jbp=${jbp#*\"bytes\":}
	echo "${jbp%%[!0-9]*}"
}

# Job ID has moved data (whatever its state now); its status in
# /tmp/job_moved.json.  For poll_until.
job_moved() {
	command p2pdma status -j "$1" >/tmp/job_moved.json 2>/dev/null || return 1
	[ "$(job_bytes_polled /tmp/job_moved.json)" -gt 0 ] 2>/dev/null
}

# Starts a timed job with COPY ARGS and, once some of its data has moved,
# runs TAKE AWAY (which removes one of its devices); the job must fail,
# saying each PATTERN, and leave nothing held (checked before anything
# comes back: a rescan would hide what the job kept).  t_90, t_91.
lose_device_mid_job() {	# ROLE "COPY ARGS" "TAKE AWAY" PATTERN...
	ld_role=$1 ld_args=$2 ld_take=$3
	shift 3
	# shellcheck disable=SC2086 # word splitting of the copy's arguments
	ld_id=$(p2pdma copy --detach -D 600 -s 64k -q 4 $ld_args) || fail "start a job for the $ld_role to leave"
	poll_until 20 job_moved "$ld_id" ||
		fail "job $ld_id did not get going: $(cat /tmp/job_moved.json)"
	eval "$ld_take" || fail "$ld_take"
	timeout 60 p2pdma wait "$ld_id" >/tmp/wait.out 2>&1
	cat /tmp/wait.out
	ld_state=$(job_state "$ld_id")
	[ "$ld_state" = failed ] || fail "job $ld_id is $ld_state after its $ld_role went ($ld_take)"
	for ld_pattern; do
		grep -q -e "$ld_pattern" /tmp/wait.out ||
			fail "the failure after the $ld_role went does not say '$ld_pattern'"
	done
	ld_held=$(held_resources)
	[ -z "$ld_held" ] || fail "after the $ld_role went: $ld_held"
	echo "$ld_take: job $ld_id failed as it should"
}

# --- Fault injection (t_21, t_42, t_45, t_46) ---
# Remembers the value of each fault-injection knob FILE (debugfs,
# /sys/block/*/make-it-fail), for fault_restore: call it before changing
# any, and fault_restore in the EXIT trap.
fault_save() {
	for fs_f; do
		fs_v=$(cat "$fs_f") || fail "cannot read $fs_f"
		echo "echo '$fs_v' >'$fs_f'" >>"/tmp/fault-restore.$$"
	done
}

# Puts back what fault_save remembered, in the order it was saved.
fault_restore() {
	[ -f "/tmp/fault-restore.$$" ] || return 0
	. "/tmp/fault-restore.$$"
	rm -f "/tmp/fault-restore.$$"
}

# Prints the signature a device holds ("a signature (ext4)", "a partition
# table (dos)"), as wipefs would find it; fails when it holds none.
# The probe is util-linux's blkid: busybox's does not look for everything.
signature_of() {	# DEV
	for probe in /usr/sbin/blkid /sbin/blkid /usr/bin/blkid ""; do
		[ -x "$probe" ] && break
	done
	[ -n "$probe" ] || { echo "nothing known: util-linux's blkid is missing"; return 0; }
	# blkid exits 2 both for "nothing found" and for a device it could not
	# open: only its silence says the device is blank.
	sig=$("$probe" -p -o export "$1" 2>/tmp/blkid.err)
	case $? in
	0) ;;
	2) [ -s /tmp/blkid.err ] || return 1
	   echo "what blkid cannot tell: $(cat /tmp/blkid.err)"
	   return 0 ;;
	*) echo "what blkid cannot tell: $(cat /tmp/blkid.err)"; return 0 ;;
	esac
	case $sig in
	*PTTYPE=*) sig=${sig#*PTTYPE=}; echo "a partition table (${sig%%[!a-z0-9_]*})" ;;
	*TYPE=*) sig=${sig#*TYPE=}; echo "a signature (${sig%%[!a-z0-9_]*})" ;;
	*) echo "a signature" ;;
	esac
}

# A test's "# needs:" line says what the machine must give it: the
# devices of devices.sh, by their lower-case names (src, dst, provider,
# provider-disk, far, ...), and "destructive" when it writes to them or
# removes them.  A device not given skips the test, saying what it has to
# be; one given wrongly fails it.  A destructive test runs only with
# P2PDMA_DESTRUCTIVE=1, and only when no block device on the PCI
# functions it uses holds a signature, is mounted or is held (by dm, md,
# a partition's user): removing a function, or powering off its slot,
# takes every namespace on it along.
check_needs() {	# TEST
	needs=$(sed -n 's/^# needs: *//p' "$1" 2>/dev/null)
	named= functions=
	for need in $needs; do
		[ "$need" = destructive ] && continue
		v=$(echo "$need" | tr a-z- A-Z_)
		eval "dev=\${P2PDMA_$v:-} error=\${P2PDMA_${v}_ERROR:-}"
		[ -n "$error" ] || eval "error=\${P2PDMA_${v%_DISK}_ERROR:-}"
		[ -z "$error" ] || fail "$error"
		[ -n "$dev" ] || skip "needs P2PDMA_$v: $(device_meaning "$v")"
		case $dev in
		/dev/*) named="$named $dev"; eval "functions=\"\$functions \${P2PDMA_${v}_PCI:-}\"" ;;
		*) functions="$functions $dev" ;;
		esac
	done
	case " $needs " in
	*" destructive "*) ;;
	*) return 0 ;;
	esac
	[ "${P2PDMA_DESTRUCTIVE:-}" = 1 ] ||
		skip "writes to$named: set P2PDMA_DESTRUCTIVE=1 to let it"
	set -- $p2pdma_map
	while [ $# -ge 3 ]; do
		case " $functions " in
		*" $1 "*)
			sig=$(signature_of "$3") && skip "$3 holds $sig: not writing to it"
			grep -q "^$3[p0-9 ]" /proc/mounts &&
				skip "$3 (or a partition of it) is mounted: not writing to it"
			held=$(ls "/sys/block/${3#/dev/}/holders")
			[ -z "$held" ] || skip "$3 is held by $held: not writing to it" ;;
		esac
		shift 3
	done
	return 0
}
check_needs "$0"
