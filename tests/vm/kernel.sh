#!/usr/bin/env bash
# Builds (or reuses) a kernel tree from Debian's linux-source-X.Y package,
# configured as defconfig + kvm_guest.config + tests/vm/kernel.config, and
# tests/vm/kernel-SERIES.config where a series has options of its own.
#
# The tree lives outside the clone, under the user's cache directory, keyed by
# the package version and the hash of everything that shapes the build (the
# fragment and this script), so a change to either rebuilds and nothing else
# does.  The tree keeps what out-of-tree modules need (modules_prepare,
# Module.symvers).
#
# Usage: kernel.sh [--prepare-only] SERIES    (SERIES: 6.12, 6.1)
# Prints the path of the built tree on stdout; progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

prepare_only=0
if [ "${1:-}" = --prepare-only ]; then
	prepare_only=1
	shift
fi
series=${1:?usage: kernel.sh [--prepare-only] SERIES}
pkg=linux-source-$series

"$here/../../scripts/ensure-deps.sh" "$pkg" build-essential flex bison bc \
	libelf-dev libssl-dev cpio xz-utils kmod >&2

version=$(dpkg-query -W -f='${Version}' "$pkg")
fragments=("$here/kernel.config")
[ -f "$here/kernel-$series.config" ] && fragments+=("$here/kernel-$series.config")
key=$(cat "${fragments[@]}" "$0" | sha256sum | cut -c1-12)
mode=full
[ $prepare_only -eq 1 ] && mode=prepare
tree=$P2PDMA_CACHE/kernel/$series-$version-$mode-$key/linux-source-$series

if [ -f "$tree/.p2pdma-built" ]; then
	echo "$tree"
	exit 0
fi

log() { echo "kernel $series: $*" >&2; }

rm -rf "$(dirname "$tree")"
mkdir -p "$(dirname "$tree")"
log "extracting $pkg $version"
tar -C "$(dirname "$tree")" -xf "/usr/src/$pkg.tar.xz"

cd "$tree"
log "configuring"
make -s defconfig kvm_guest.config >&2
scripts/kconfig/merge_config.sh -m .config "${fragments[@]}" >/dev/null
make -s olddefconfig >&2

# Kconfig drops an option whose dependencies are unmet without a word; a
# kernel that silently lost PCI_P2PDMA would make every test meaningless.
lost=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=y) ;;
	*) continue ;;
	esac
	if ! grep -qx "$line" .config; then
		log "fragment asks for $line but the config has: $(grep "^${line%%=*}=" .config || echo 'not set')"
		lost=1
	fi
done < <(cat "${fragments[@]}")
[ $lost -eq 0 ] || { log "config fragment not honoured"; exit 1; }

jobs=$(($(nproc) + 1))
start=$SECONDS
if [ $prepare_only -eq 1 ]; then
	log "make modules_prepare (-j$jobs)"
	make -s -j"$jobs" modules_prepare >&2
else
	log "make bzImage modules (-j$jobs), about 15 minutes on 2 cores"
	make -s -j"$jobs" bzImage modules >&2
fi
log "built in $((SECONDS - start)) s"
touch .p2pdma-built
echo "$tree"
