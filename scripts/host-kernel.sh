#!/usr/bin/env bash
# Builds Debian packages of a kernel with PCI P2PDMA for the machine it runs
# on (`make host-kernel`): Debian's linux-source-X.Y, the running kernel's
# own config, and only what kmod/p2pdma.config adds; none of the bed's
# debug options.  The kernel's own `make bindeb-pkg` makes the packages.
#
# The build tree and the packages stay under the cache directory (as the
# bed's kernels do), keyed by the source package's version and the hash of
# the starting config, the fragment and this script: asking again for
# the same kernel prints where it is, in seconds.
#
# Usage: host-kernel.sh [--series X.Y] [--config FILE | --minimal]
#                       [--config-only] [--out DIR]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/common.sh"
. "$top/scripts/kconfig-check.sh"

usage() {
	cat <<EOF
usage: make host-kernel [HOST_KERNEL_ARGS="OPTIONS"]
       scripts/host-kernel.sh [OPTIONS]
Builds linux-image and linux-headers packages with PCI P2PDMA.
  --series X.Y    Debian's linux-source-X.Y (default: the running kernel's
                  series, $(uname -r | cut -d. -f1,2))
  --config FILE   the config to start from (default: /boot/config-\$(uname -r),
                  the running kernel's)
  --minimal       start from the test bed's machine (allnoconfig with
                  tests/vm/kernel.config) instead: a small kernel for the
                  tests and the bench, not for real hardware
  --config-only   configure and check, print the .config's path, build nothing
  --out DIR       copy the packages into DIR
EOF
}

die() {
	echo "host-kernel: $*" >&2
	exit 1
}
log() { echo "host-kernel: $*" >&2; }

series=$(uname -r | cut -d. -f1,2)
config=/boot/config-$(uname -r)
minimal=0 config_only=0 out= config_given=0
while [ $# -gt 0 ]; do
	case "$1" in
	--series) series=${2:?--series needs X.Y, for example 6.1}; shift ;;
	--config) config=$(realpath -m -- "${2:?--config needs a file}"); config_given=1; shift ;;
	--minimal) minimal=1 ;;
	--config-only) config_only=1 ;;
	--out) out=$(realpath -m -- "${2:?--out needs a directory}"); shift ;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown option '$1' (--help lists them)" ;;
	esac
	shift
done

[ $minimal = 1 ] && [ $config_given = 1 ] && die "--minimal and --config each say where to start: give one"
pkg=linux-source-$series
if ! apt-cache show "$pkg" >/dev/null 2>&1; then
	apt-get update -q >/dev/null 2>&1 || true
	apt-cache show "$pkg" >/dev/null 2>&1 ||
		die "Debian has no package $pkg here; choose a series it has: --series $(apt-cache pkgnames linux-source- 2>/dev/null |
			sed 's/^linux-source-//' | sort -V | paste -sd '|')"
fi
fragment=$top/kmod/p2pdma.config
machine=$top/tests/vm/kernel.config
if [ $minimal = 0 ]; then
	[ -f "$config" ] || die "no $config: give the config of the kernel you boot with --config FILE"
	grep -q '^CONFIG_64BIT=y' "$config" || die "$config is not a 64-bit x86 kernel's config: PCI P2PDMA needs one"
fi

# 6.12's debian/rules runs debhelper's tools; 6.1 checks its Build-Depends.
"$top/scripts/ensure-deps.sh" "$pkg" build-essential flex bison bc libelf-dev \
	libssl-dev cpio xz-utils kmod rsync dpkg-dev debhelper >&2

version=$(dpkg-query -W -f='${Version}' "$pkg")
if [ $minimal = 1 ]; then
	start=("$machine") flavour=minimal
else
	start=("$config") flavour=host
fi
# This script is part of the key: its steps shape the kernel.
key=$(cat "${start[@]}" "$fragment" "$0" | sha256sum | cut -c1-12)
dir=$P2PDMA_CACHE/host-kernel/$series-$flavour-$version-$key
tree=$dir/linux-source-$series

mkdir -p "$P2PDMA_CACHE/host-kernel"
exec 9>"$P2PDMA_CACHE/host-kernel/.lock-$series"
flock 9

configure() {
	rm -rf "$dir"
	mkdir -p "$dir"
	log "extracting $pkg $version"
	tar -C "$dir" -xf "/usr/src/$pkg.tar.xz"
	cd "$tree"
	if [ $minimal = 1 ]; then
		# As the bed does: allnoconfig turns PCI off unless told, and
		# the machine's PCI options with it.
		cat "$fragment" "$machine" >.p2pdma-allconfig
		make -s KCONFIG_ALLCONFIG=.p2pdma-allconfig allnoconfig >&2
	else
		cp "$config" .config
	fi
	# The package says what it is; distribution kernels point at signing
	# keys only their own build has; debug info would multiply the build
	# time and add a package of gigabytes.  Module signing keys are made
	# at build time.
	scripts/config --set-str LOCALVERSION -p2pdma --disable LOCALVERSION_AUTO \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
		--set-str MODULE_SIG_KEY certs/signing_key.pem \
		--disable DEBUG_INFO --disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
		--disable DEBUG_INFO_DWARF4 --disable DEBUG_INFO_DWARF5 \
		--disable DEBUG_INFO_BTF --enable DEBUG_INFO_NONE
	scripts/kconfig/merge_config.sh -m .config "$fragment" >&2
	make -s olddefconfig >&2
	local checked=("$fragment")
	[ $minimal = 1 ] && checked+=("$machine")
	kconfig_check .config "${checked[@]}" ||
		die "Kconfig dropped what P2PDMA needs (above); the starting config ${start[*]} cannot have it"
	grep -qx CONFIG_MODULES=y .config ||
		die "${start[*]} has no loadable modules (CONFIG_MODULES): the harness's module could not load"
	touch .p2pdma-configured
}

if [ ! -f "$tree/.p2pdma-configured" ]; then
	# A minimal tree built from other inputs is of no use any more, nor
	# is a host tree that was only configured; a host kernel's build took
	# hours and may still be wanted.
	for stale in "$P2PDMA_CACHE/host-kernel/$series-"*/; do
		stale=${stale%/}
		case "$stale" in
		*-minimal-*) if [ $flavour = minimal ]; then rm -rf "$stale"; fi ;;
		*) if [ ! -f "$stale/linux-source-$series/.p2pdma-built" ]; then rm -rf "$stale"; fi ;;
		esac
	done
	configure
fi
if [ $config_only = 1 ]; then
	echo "$tree/.config"
	exit 0
fi

if [ ! -f "$tree/.p2pdma-built" ]; then
	cd "$tree"
	jobs=$(($(nproc) + 1))
	began=$SECONDS
	log "make bindeb-pkg (-j$jobs) in $tree: a distribution config takes hours on a few cores"
	# 9>&-: a build left running by a killed script must not hold the lock.
	make -s -j"$jobs" bindeb-pkg >&2 9>&-
	log "built in $((SECONDS - began)) s"
	touch .p2pdma-built
fi

release=$(cat "$tree/include/config/kernel.release")
image=$(ls -t "$dir"/linux-image-"$release"_*.deb 2>/dev/null | head -n 1 || true)
headers=$(ls -t "$dir"/linux-headers-"$release"_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$image" ] || [ -z "$headers" ]; then
	rm -f "$tree/.p2pdma-built"
	die "the packages of $release are gone from $dir; run again to make them"
fi
if [ -n "$out" ]; then
	mkdir -p "$out"
	cp "$image" "$headers" "$out/"
	image=$(cd "$out" && pwd)/$(basename "$image")
	headers=$(cd "$out" && pwd)/$(basename "$headers")
fi
cat <<EOF
The kernel $release, with PCI P2PDMA, is in:
  $image
  $headers
Install it, boot it, then build the module against it:
  apt install $image $headers
  reboot
  make kmod KDIR=/lib/modules/$release/build
Boot parameters (GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub):
  nvme.use_cmb_sqes=0     the whole CMB becomes p2p memory, none of it queues
  nvme_core.multipath=N   where two controllers share an NVMe subsystem: a
                          multipath head disk never advertises P2PDMA
EOF
