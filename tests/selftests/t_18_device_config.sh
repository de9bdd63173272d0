#!/bin/sh
# How a lab names its devices (devices.sh, check_needs in lib.sh), tried
# on a probe test that needs src, dst and destructive: the environment
# wins over the file; a provider named by a namespace becomes its PCI
# function; a device that came back under another name is found again at
# its PCI function.  A destructive test skips without P2PDMA_DESTRUCTIVE=1
# and when a device it would write holds a signature, writing nothing; a
# device not given skips, saying what it must be; a name that is no
# device fails, naming it.  Every namespace on a PCI function the test
# uses is checked, not only those named: removing a function takes all.
# needs: src dst provider provider-disk destructive
. ./lib.sh

probe=/tmp/t18/t_probe.sh
conf=/tmp/t18/p2pdma.conf
mkdir -p /tmp/t18
cat >"$probe" <<EOF
#!/bin/sh
# needs: src dst destructive
cd $P2PDMA_SELFTESTS && . ./lib.sh
echo "src=\$P2PDMA_SRC dst=\$P2PDMA_DST provider=\$P2PDMA_PROVIDER"
dd if=/dev/zero of="\$P2PDMA_DST" bs=4096 count=1 oflag=direct conv=notrunc 2>/dev/null
EOF

# A test that would remove the provider's function, named by its address.
cat >/tmp/t18/t_probe_provider.sh <<EOF
#!/bin/sh
# needs: provider destructive
cd $P2PDMA_SELFTESTS && . ./lib.sh
echo "provider=\$P2PDMA_PROVIDER"
EOF

# The probe in a clean environment: the file, and ASSIGNMENTS over it.
run_probe() {	# ASSIGNMENTS...
	env -i PATH="$PATH" P2PDMA_CONFIG="$conf" "$@" sh "${probe_test:-$probe}" >/tmp/t18/out 2>&1
	probe_rc=$?
	cat /tmp/t18/out
}

probe_is() {	# RC PATTERN WHAT
	[ "$probe_rc" = "$1" ] || fail "$3: the probe exited $probe_rc, not $1"
	grep -q -e "$2" /tmp/t18/out || fail "$3: the probe did not say '$2'"
}

{
	echo "P2PDMA_SRC=/dev/no-such-disk"
	echo "P2PDMA_DST=$P2PDMA_DST"
	echo "P2PDMA_PROVIDER=$P2PDMA_PROVIDER_DISK"
	echo "P2PDMA_DESTRUCTIVE=1"
} >"$conf"
run_probe P2PDMA_SRC="$P2PDMA_SRC"
probe_is 0 "src=$P2PDMA_SRC dst=$P2PDMA_DST provider=$P2PDMA_PROVIDER\$" \
	"the environment's P2PDMA_SRC and the file's provider namespace"

run_probe
probe_is 1 "P2PDMA_SRC=/dev/no-such-disk: no such block device" "a name that is no device"

# A stale name, as after a rescan, with the PCI function it was found at.
run_probe P2PDMA_SRC=/dev/nvme-gone P2PDMA_SRC_PCI="$P2PDMA_SRC_PCI" \
	P2PDMA_SRC_NSID="$P2PDMA_SRC_NSID"
probe_is 0 "src=$P2PDMA_SRC " "a device found again at its PCI function"

run_probe P2PDMA_SRC="$P2PDMA_SRC" P2PDMA_DST=
probe_is 4 "needs P2PDMA_DST: an NVMe namespace to copy to" "no destination"

# Data the probe's write of zeros would change, then a file system.
trap 'for d in "$P2PDMA_DST" "$P2PDMA_PROVIDER_DISK"; do
	dd if=/dev/zero of="$d" bs=1M count=1 oflag=direct conv=notrunc 2>/dev/null
done' EXIT
dd if=/dev/urandom of="$P2PDMA_DST" bs=4096 count=1 oflag=direct conv=notrunc 2>/dev/null ||
	fail "scribble on $P2PDMA_DST"
range_sum_to before "$P2PDMA_DST" 0 4096
run_probe P2PDMA_SRC="$P2PDMA_SRC" P2PDMA_DESTRUCTIVE=
probe_is 4 "writes to $P2PDMA_SRC $P2PDMA_DST: set P2PDMA_DESTRUCTIVE=1" "not destructive"
range_sum_to after "$P2PDMA_DST" 0 4096
[ "$after" = "$before" ] || fail "the probe wrote to $P2PDMA_DST without P2PDMA_DESTRUCTIVE=1"

mke2fs -q "$P2PDMA_DST" 1024 >/dev/null 2>&1 || fail "mke2fs"
range_sum_to before "$P2PDMA_DST" 0 4096
run_probe P2PDMA_SRC="$P2PDMA_SRC"
probe_is 4 "$P2PDMA_DST holds a signature (ext2): not writing to it" "a file system"
range_sum_to after "$P2PDMA_DST" 0 4096
[ "$after" = "$before" ] || fail "the probe wrote to $P2PDMA_DST, which holds ext2"

# Every namespace on a function the test uses is checked, named or not.
mke2fs -q "$P2PDMA_PROVIDER_DISK" 1024 >/dev/null 2>&1 || fail "mke2fs on $P2PDMA_PROVIDER_DISK"
probe_test=/tmp/t18/t_probe_provider.sh run_probe P2PDMA_PROVIDER="$P2PDMA_PROVIDER"
probe_is 4 "$P2PDMA_PROVIDER_DISK holds a signature (ext2): not writing to it" \
	"a file system on the provider named by its PCI function"
