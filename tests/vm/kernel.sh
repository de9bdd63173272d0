#!/usr/bin/env bash
# Builds (or reuses) the bed's kernel from Debian's linux-source-X.Y package:
# `make allnoconfig` with kmod/p2pdma.config (what P2PDMA needs, shared
# with `make host-kernel`), tests/vm/kernel.config (the bed's machine),
# kernel-debug.config (what a harness kernel should catch) and
# kernel-debug-SERIES.config or kernel-SERIES.config, where a series has
# options of its own, as
# KCONFIG_ALLCONFIG, so the kernel holds what the bed uses and nothing else.
#
# The tree lives outside the clone, under the user's cache directory, keyed by
# the package version and the hash of what shapes the build (the fragments
# and $recipe, the steps below), so a change to either rebuilds and nothing
# else does.  The tree keeps what out-of-tree modules need (Module.symvers).
#
# Usage: kernel.sh SERIES [FLAVOUR]    (SERIES: 6.12, 6.1)
#   FLAVOUR test (default): with kernel-debug.config, for the selftests;
#   bench: the same kernel without it, as P2P runs in production, with
#   kernel-bench.config (what the bench's peers need) instead, for `make
#   bench` alone (KASAN, kmemleak and lockdep cost every allocation and
#   bio, and the bench must not measure them).
# Prints the path of the built tree on stdout; progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
. "$here/../../scripts/kconfig-check.sh"

series=${1:?usage: kernel.sh SERIES [test|bench]}
flavour=${2:-test}
pkg=linux-source-$series
case $flavour in
test)
	debug=("$here/kernel-debug.config")
	[ -f "$here/kernel-debug-$series.config" ] && debug+=("$here/kernel-debug-$series.config")
	prefix= ;;
bench) debug=("$here/kernel-bench.config") prefix=bench- ;;
*) echo "kernel.sh: no flavour '$flavour' (test or bench)" >&2; exit 2 ;;
esac

"$here/../../scripts/ensure-deps.sh" "$pkg" build-essential flex bison bc \
	libelf-dev libssl-dev cpio xz-utils kmod >&2

version=$(dpkg-query -W -f='${Version}' "$pkg")
fragments=("$here/../../kmod/p2pdma.config" "$here/kernel.config" ${debug[@]+"${debug[@]}"})
[ -f "$here/kernel-$series.config" ] && fragments+=("$here/kernel-$series.config")
# Say here what the steps below do: a change to them must change the key.
recipe="make allnoconfig with the fragments as KCONFIG_ALLCONFIG; make bzImage modules"
key=$( (cat "${fragments[@]}"; echo "$recipe") | sha256sum | cut -c1-12)
tree=$P2PDMA_CACHE/kernel/$prefix$series-$version-$key/linux-source-$series

# Two beds may start at once (make test runs two lanes): one builds, the
# other waits for it.
mkdir -p "$P2PDMA_CACHE/kernel"
exec 9>"$P2PDMA_CACHE/kernel/.lock-$prefix$series"
flock 9
if [ -f "$tree/.p2pdma-built" ]; then
	echo "$tree"
	exit 0
fi

log() { echo "kernel $prefix$series: $*" >&2; }

# Trees of this series and flavour built from other inputs are no use any
# more.
rm -rf "$P2PDMA_CACHE/kernel/$prefix$series"-*
mkdir -p "$(dirname "$tree")"
log "extracting $pkg $version"
tar -C "$(dirname "$tree")" -xf "/usr/src/$pkg.tar.xz"

cd "$tree"
log "configuring"
cat "${fragments[@]}" >.p2pdma-fragment
make -s KCONFIG_ALLCONFIG=.p2pdma-fragment allnoconfig >&2

kconfig_check .config "${fragments[@]}" || { log "config fragment not honoured"; exit 1; }

jobs=$(($(nproc) + 1))
start=$SECONDS
log "make bzImage modules (-j$jobs), about 10 minutes on 2 cores"
make -s -j"$jobs" bzImage modules >&2
log "built in $((SECONDS - start)) s"
touch .p2pdma-built
echo "$tree"
