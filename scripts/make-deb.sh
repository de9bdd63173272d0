#!/usr/bin/env bash
# Builds the Debian packages (`make deb`): p2pdma-harness, the runner and
# its man page, and p2pdma-harness-dkms, the module's source for DKMS, from
# debian/.  The build runs in a copy of the tree under a temporary
# directory, so the checkout gains no build products and the checkout's own
# objects (kmod/*.o, user/p2pdma of another version) stay out of the
# packages.  Unsigned: install them with apt install ./dist/...deb.
#
# Usage: make-deb.sh [--out DIR]   (default DIR: dist/ at the top)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)

die() {
	echo "make-deb: $*" >&2
	exit 1
}

out=$top/dist
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$(realpath -m -- "${2:?--out needs a directory}"); shift ;;
	-h | --help) sed -n 's/^# Usage: /usage: /p' "$0"; exit 0 ;;
	*) die "unknown option '$1' (--help lists them)" ;;
	esac
	shift
done

# debian/control's Build-Depends, as packages; dpkg-buildpackage checks
# them again, so a list that falls behind fails the build by name.
"$top/scripts/ensure-deps.sh" build-essential dpkg-dev debhelper dh-dkms \
	libmnl-dev libblkid-dev liburing-dev

tmp=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
src=$tmp/p2pdma-harness
mkdir "$src"

# In a checkout, what git tracks or would (new files not yet added, such as
# a debian/ being written); without git, everything but .git and dist/, and
# the build's own clean step (debian/rules clean) removes old objects.
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			case "$f" in dist/*) continue ;; esac
			# Deleted from the work tree but still in the index.
			[ -e "$top/$f" ] || [ -L "$top/$f" ] && printf '%s\0' "$f"
		done |
		tar -C "$top" --null -T - -cf - | tar -C "$src" -xf -
else
	tar -C "$top" --exclude=./.git --exclude=./dist -cf - . | tar -C "$src" -xf -
fi

# A `make deb VAR=...` would pass VAR to every make below through
# MAKEFLAGS; the packages are the same whoever starts the build.
unset MAKEFLAGS MFLAGS MAKELEVEL
(cd "$src" && dpkg-buildpackage -us -uc -b) || die "dpkg-buildpackage failed"

set -- "$tmp"/*.deb
[ -f "$1" ] || die "dpkg-buildpackage made no .deb"
mkdir -p "$out"
# Older versions would sit next to the new ones and match the same
# apt install ./dist/p2pdma-harness_*.deb.
rm -f "$out"/p2pdma-harness_*.deb "$out"/p2pdma-harness-dkms_*.deb \
	"$out"/p2pdma-harness-dbgsym_*.deb
cp "$@" "$out/"
for f; do
	echo "$out/${f##*/}"
done
