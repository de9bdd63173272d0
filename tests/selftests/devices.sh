# The devices under test; sourced by lib.sh, the bench's guest and the
# demo.  They come from the environment or from the file $P2PDMA_CONFIG
# (default /etc/p2pdma-selftests.conf) of shell assignments, the
# environment winning.  The bed's init writes that file from its
# discovery (tests/vm/discover.sh); on a lab machine an engineer writes it,
# or exports the variables.  device_meaning says what each one must be.
#
# A namespace may be named by any path that resolves to its block device
# (/dev/disk/by-id/...); a provider by its PCI function or by a namespace
# of the NVMe whose CMB it is.  What is found here is exported with each
# device's PCI function and namespace ID, and every later look finds an
# NVMe namespace there again: a PCI rescan may bring it back under another
# name.  Other disks keep their names: on a shared controller (AHCI, an
# HBA) a PCI function does not say which disk.

P2PDMA_CONFIG=${P2PDMA_CONFIG:-/etc/p2pdma-selftests.conf}

# Namespaces (block devices), and providers (PCI functions with p2pmem).
# A provider's namespace is a device of its own: tests write to it, so it
# is one somebody named, never one picked for them.
P2PDMA_DISKS="SRC DST FAR NONP2P ZONED HOTPLUG HB_SRC HB_DST ACS0 ACS1 PROVIDER_DISK HOTPLUG_PROVIDER_DISK HB_PROVIDER_DISK"
P2PDMA_PROVIDERS="PROVIDER HOTPLUG_PROVIDER HB_PROVIDER"

device_meaning() {	# NAME
	case $1 in
	SRC) echo "an NVMe namespace to copy from" ;;
	DST) echo "an NVMe namespace to copy to, which P2PDMA_PROVIDER serves with P2PDMA_SRC" ;;
	PROVIDER) echo "the p2pmem provider of P2PDMA_SRC and P2PDMA_DST: a PCI function, or a namespace of the NVMe whose CMB it is" ;;
	PROVIDER_DISK) echo "a namespace of the NVMe whose CMB is P2PDMA_PROVIDER, which the test writes (naming the provider by it sets both)" ;;
	HOTPLUG_PROVIDER_DISK | HB_PROVIDER_DISK) echo "a namespace of the NVMe whose CMB is P2PDMA_${1%_DISK}" ;;
	FAR) echo "a namespace of an NVMe with a CMB that P2PDMA_SRC and P2PDMA_DST cannot reach, across a host bridge that does not forward P2P" ;;
	NONP2P) echo "a block device whose driver cannot do P2P (virtio-blk)" ;;
	ZONED) echo "a zoned NVMe namespace" ;;
	HOTPLUG) echo "an NVMe namespace in a hotplug slot beside P2PDMA_SRC and P2PDMA_DST, which the test powers off for good" ;;
	HOTPLUG_PROVIDER) echo "an NVMe with a CMB in a hotplug slot, which the test powers off for good" ;;
	HB_SRC | HB_DST) echo "one of two NVMe namespaces that P2PDMA_HB_PROVIDER serves through the host bridge" ;;
	HB_PROVIDER) echo "a p2pmem provider that reaches P2PDMA_HB_SRC and P2PDMA_HB_DST through a host bridge that forwards P2P" ;;
	ACS0 | ACS1) echo "one of two NVMe namespaces behind ports with ACS P2P Request Redirect" ;;
	DESTRUCTIVE) echo "1, to let tests overwrite (and remove) the devices named; they refuse any that holds a signature" ;;
	esac
}

# The environment wins over the file: what it set is put back after.
if [ -r "$P2PDMA_CONFIG" ]; then
	p2pdma_env=$(export -p | grep '^export P2PDMA_')
	. "$P2PDMA_CONFIG"
	eval "$p2pdma_env"
fi

# "PCI NSID DEVICE" for every block device on a PCI function, in
# $p2pdma_map (NSID "-" when the device is not an NVMe namespace).  One
# readlink each: this runs at every test's start, and forks are slow in
# the bed.
block_map() {
	p2pdma_map=
	for b in /sys/block/*; do
		path=$(readlink -f "$b") || continue
		pci=
		IFS=/
		set -- $path
		unset IFS
		for c; do
			# Domains past 0xffff are Intel VMD's.
			case $c in
			[0-9a-f][0-9a-f][0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f].[0-7] | \
			[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f].[0-7]) pci=$c ;;
			esac
		done
		[ -n "$pci" ] || continue
		dev=${b##*/}
		case $dev in
		nvme*n*) nsid=${dev##*n} ;;
		*) nsid=- ;;
		esac
		p2pdma_map="$p2pdma_map $pci $nsid /dev/$dev"
	done
}

# The device at PCI function PCI with namespace ID NSID (any when empty).
device_at() {	# PCI [NSID]
	set -- "$1" "${2:-}" $p2pdma_map
	want_pci=$1 want_nsid=$2
	shift 2
	while [ $# -ge 3 ]; do
		if [ "$1" = "$want_pci" ] && { [ -z "$want_nsid" ] || [ "$2" = "$want_nsid" ]; }; then
			echo "$3"
			return 0
		fi
		shift 3
	done
	return 1
}

# Sets PCI, NSID and DEV (its name in /dev) of block device DEV, given by
# any path to it; fails when it is not a block device on a PCI function.
locate() {	# DEV
	real=$(readlink -f "$1") || return 1
	set -- $p2pdma_map
	while [ $# -ge 3 ]; do
		if [ "$3" = "$real" ]; then
			pci=$1 nsid=$2 dev=$3
			[ "$nsid" = - ] && nsid=
			return 0
		fi
		shift 3
	done
	return 1
}

# Finds every device again (an NVMe namespace at its PCI function, or
# from its name the first time), as P2PDMA_X, P2PDMA_X_PCI and
# P2PDMA_X_NSID for a namespace, P2PDMA_X (the PCI function) and
# P2PDMA_X_DISK for a provider.  A namespace that has gone leaves
# P2PDMA_X empty.  A name that is not what it must be is kept in
# P2PDMA_X_ERROR: a test that needs it fails with that rather than
# skipping, since somebody asked for that device.
find_devices() {
	block_map
	for v in $P2PDMA_PROVIDERS; do
		eval "pci=\${P2PDMA_$v:-}"
		error=
		case $pci in
		/*)	# Named by its namespace: that is the namespace tests may write.
			if locate "$pci"; then
				eval "P2PDMA_${v}_DISK=\${P2PDMA_${v}_DISK:-\$dev}"
			else
				error="P2PDMA_$v=$pci is not a block device on a PCI function"
			fi ;;
		?*)	[ -d "/sys/bus/pci/devices/$pci" ] ||
				error="P2PDMA_$v=$pci is no PCI function here (no /sys/bus/pci/devices/$pci)" ;;
		esac
		eval "export P2PDMA_$v=\"\$pci\" P2PDMA_${v}_ERROR=\"\$error\""
	done
	for v in $P2PDMA_DISKS; do
		eval "dev=\${P2PDMA_$v:-} pci=\${P2PDMA_${v}_PCI:-} nsid=\${P2PDMA_${v}_NSID:-}"
		error=
		if [ -n "$pci" ] && [ -n "$nsid" ]; then
			dev=$(device_at "$pci" "$nsid")
		elif [ -n "$dev" ] && [ ! -b "$dev" ]; then
			error="P2PDMA_$v=$dev: no such block device"
		elif [ -n "$dev" ] && ! locate "$dev"; then
			error="P2PDMA_$v=$dev is not a block device on a PCI function (a multipath head? name a per-controller namespace)"
		fi
		eval "export P2PDMA_$v=\"\$dev\" P2PDMA_${v}_PCI=\"\$pci\" P2PDMA_${v}_NSID=\"\$nsid\" P2PDMA_${v}_ERROR=\"\$error\""
	done
	# A provider's namespace must be on the provider.
	for v in $P2PDMA_PROVIDERS; do
		eval "pci=\${P2PDMA_$v:-} disk_pci=\${P2PDMA_${v}_DISK_PCI:-} disk=\${P2PDMA_${v}_DISK:-}"
		[ -n "$disk_pci" ] && [ -n "$pci" ] && [ "$disk_pci" != "$pci" ] &&
			eval "export P2PDMA_${v}_DISK_ERROR=\"P2PDMA_${v}_DISK=\$disk is on \$disk_pci, not on P2PDMA_$v=\$pci\""
	done
}
find_devices
