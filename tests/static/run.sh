#!/usr/bin/env bash
# Kernel-grade checks, each a KTAP result, closing with
# "static: N passed, N failed":
#   checkpatch --strict on kmod/ and include/; the module built with W=1
#   and sparse (C=2) against the bed's 6.12 and 6.1 kernels with no
#   warning (modpost checks every symbol it needs is exported); the module
#   built in-tree from
#   Kconfig.snippet; cppcheck on userspace; the man page and --help naming
#   the same options; the YNL spec matching the UAPI header and the
#   kernel's nla_policy (tests/unit/check_spec.py); make install honouring
#   DESTDIR and PREFIX; dkms.conf building; `make deb`'s packages
#   unpacking whole and lintian-clean; each selftest naming the devices it
#   needs and whether it writes them; make lava's job fitting LAVA's
#   schema; `make host-kernel`'s packages
#   (built from the bed's machine, small) holding a P2PDMA kernel the module
#   builds against, and its config step keeping P2PDMA on Debian's own
#   config; the module refusing Debian's stock headers, which lack P2PDMA.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/vm/common.sh"

"$top/scripts/ensure-deps.sh" sparse cppcheck python3 python3-yaml \
	linux-source-6.1 dkms linux-headers-amd64 dh-dkms lintian || exit 1
. "$top/scripts/kconfig-check.sh"
# Debian's stock kernel headers (linux-headers-amd64): no PCI_P2PDMA.
stock=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
tree612=$("$top/tests/vm/kernel.sh" 6.12) || exit 1
tree61=$("$top/tests/vm/kernel.sh" 6.1) || exit 1

scratch=$(mktemp -d "${TMPDIR:-/tmp}/p2pdma-static.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
n=0 failed=0
echo "KTAP version 1"

result() {	# NAME LOGFILE RC
	n=$((n + 1))
	if [ "$3" = 0 ]; then
		echo "ok $n $1"
	else
		sed 's/^/# /' "$2" | tail -n 40
		echo "not ok $n $1"
		failed=$((failed + 1))
	fi
}

run() {		# NAME CMD...: passes when CMD exits 0
	local name=$1 log=$scratch/log
	shift
	"$@" >"$log" 2>&1
	result "$name" "$log" $?
}

# The sources checkpatch lints, one per line, relative to $top: git's
# tracked and untracked-but-not-ignored files in a checkout, else what find
# sees (a tarball, dkms' copy); never kbuild's generated kmod/*.mod.c.
lint_files() {
	if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$top" ls-files --cached --others --exclude-standard -- \
			'kmod/*.[ch]' 'include/*.h'
	else
		(cd "$top" && find kmod -maxdepth 1 -name '*.[ch]' && find include -name '*.h')
	fi | grep -v '\.mod\.c$' | sort -u | while read -r f; do
		[ -f "$top/$f" ] && echo "$f"
	done
}

checkpatch() {
	local f out rc=0 files
	files=$(lint_files)
	if [ -z "$files" ]; then
		echo "no kmod/*.[ch] or include/**/*.h found under $top to lint"
		return 1
	fi
	echo "linting: $(echo $files)"
	for f in $files; do
		f=$top/$f
		# Silent and 0 when clean; with --terse a report is its findings.
		if ! out=$("$tree612/scripts/checkpatch.pl" --strict --no-tree --terse -f "$f" 2>&1) ||
		   [ -n "$out" ]; then
			echo "$out"
			rc=1
		fi
	done
	return $rc
}

# A copy of kmod/ and include/ to build in, without the bed's objects.
kmod_copy() {
	local dir
	dir=$(mktemp -d "$scratch/kmod.XXXXXX")
	cp -r "$top/kmod" "$top/include" "$dir/"
	rm -f "$dir"/kmod/*.o "$dir"/kmod/*.ko "$dir"/kmod/*.mod* "$dir"/kmod/.*.cmd \
		"$dir/kmod/Module.symvers" "$dir/kmod/modules.order"
	echo "$dir/kmod"
}

# Builds a copy of the module (so kmod/ keeps the bed's objects) and fails
# on any compiler or sparse diagnostic, modpost's unresolved symbols among
# them.
build_module() {	# KDIR
	local k rc=0
	k=$(kmod_copy)
	make -C "$1" M="$k" CONFIG_P2PDMA_HARNESS=m W=1 C=2 modules >"$scratch/out" 2>&1
	cat "$scratch/out"
	[ -f "$k/p2pdma_harness.ko" ] || return 1
	grep -iE "warning|error|: note:" "$scratch/out" && rc=1
	return $rc
}

# Drops kmod/ into an overlay of the 6.12 tree as drivers/misc/p2pdma_harness,
# as Kconfig.snippet says, and builds it as part of the kernel.
in_tree() {
	local lower=$1 o=$scratch/overlay m
	mkdir -p "$o/upper" "$o/work" "$o/merged"
	mount -t overlay overlay -o "lowerdir=$lower,upperdir=$o/upper,workdir=$o/work" "$o/merged" || return 1
	m=$o/merged
	(
		set -e
		mkdir -p "$m/drivers/misc/p2pdma_harness"
		cp "$top"/kmod/*.[ch] "$top/kmod/Kbuild" "$m/drivers/misc/p2pdma_harness/"
		cp "$top/include/uapi/linux/p2pdma_harness.h" "$m/include/uapi/linux/"
		sed -n '/^config /,$p' "$top/Kconfig.snippet" >"$m/drivers/misc/p2pdma_harness/Kconfig"
		echo 'source "drivers/misc/p2pdma_harness/Kconfig"' >>"$m/drivers/misc/Kconfig"
		echo 'obj-y += p2pdma_harness/' >>"$m/drivers/misc/Makefile"
		cd "$m"
		scripts/config --module P2PDMA_HARNESS
		make -s olddefconfig
		grep -qx CONFIG_P2PDMA_HARNESS=m .config
		make -s -j"$(nproc)" drivers/misc/p2pdma_harness/p2pdma_harness.ko
		test -f drivers/misc/p2pdma_harness/p2pdma_harness.ko
	)
	local rc=$?
	umount "$m"
	return $rc
}

# Fails on any finding, and unless cppcheck says it checked every C file
# of user/ (a directory argument covers new files by itself).
cppcheck_user() {
	local out=$scratch/cppcheck f rc=0
	cppcheck --error-exitcode=1 --enable=warning,performance,portability \
		--std=c11 --inline-suppr -I "$top/include/uapi" -I "$top/user" \
		"$top/user" "$top/tests/bench" "$top/tests/selftests/tools" "$top/tests/unit" \
		>"$out" 2>&1 || rc=1
	grep -v -e '^Checking ' -e 'files checked .* done$' "$out"
	set -- "$top"/user/*.c
	[ -f "$1" ] || { echo "no C file in $top/user"; return 1; }
	for f; do
		if ! grep -qF "Checking $f " "$out"; then
			echo "cppcheck did not check $f"
			rc=1
		fi
	done
	return $rc
}

# Every long option --help shows is in the man page's section for that
# command, and the other way round.  Both sides empty proves nothing, so:
# each command (those "p2pdma --help" lists and the ones named here) must
# print its usage, have a non-empty .SS section, and list at least one long
# option unless it is one of $no_long_opts (which must then list none).
man_matches_help() {
	local cmd rc=0 help man usage section cmds no_long_opts="cancel doctor"
	make -s -C "$top/user" || return 1
	cmds=$("$top/user/p2pdma" --help | awk '/^commands:/ { on = 1; next } on && NF { print $1 }')
	if [ -z "$cmds" ]; then
		echo "p2pdma --help lists no command"
		rc=1
	fi
	for cmd in $(printf '%s\n' list copy jobs status cancel wait monitor doctor fill check $cmds | sort -u); do
		if ! usage=$("$top/user/p2pdma" "$cmd" --help) || [ -z "$usage" ]; then
			echo "$cmd: 'p2pdma $cmd --help' failed or printed nothing"
			rc=1
			continue
		fi
		section=$(awk -v c="$cmd" '/^\.SH /{ on = 0 } /^\.SS /{ on = ($2 == c); if (on) print "@"; next } on' "$top/man/p2pdma.8")
		if [ -z "$section" ]; then
			echo "$cmd: no '.SS $cmd' section in man/p2pdma.8"
			rc=1
			continue
		fi
		if [ "$section" = "@" ]; then
			echo "$cmd: '.SS $cmd' in man/p2pdma.8 is empty"
			rc=1
		fi
		help=$(echo "$usage" | grep -oE -- '--[a-z_-]+' | sort -u)
		man=$(echo "$section" | sed 's/\\-/-/g' | grep -oE -- '--[a-z_-]+' | grep -v -- '--help' | sort -u)
		case " $no_long_opts " in
		*" $cmd "*)
			if [ -n "$help$man" ]; then
				echo "$cmd: takes long options now; drop it from no_long_opts"
				rc=1
			fi ;;
		*)
			if [ -z "$help" ]; then
				echo "$cmd: --help lists no long option"
				rc=1
			fi ;;
		esac
		if [ "$help" != "$man" ]; then
			echo "$cmd: --help and man page differ:"
			diff <(echo "$help") <(echo "$man")
			rc=1
		fi
	done
	return $rc
}

# The README's "From p2pmem-test, fio and cmb_copy" table and t_62, which
# runs its command lines in the bed, hold the same lines word for word:
# t_62's carry "..." and cmd="..." lines, the table's right column.
readme_carry_over_runs() {
	local t=$top/tests/selftests/t_62_carry_over.sh tested table
	tested=$(sed -n -e 's/^[[:space:]]*carry "\([^"$]*\)".*/\1/p' \
		-e 's/^[[:space:]]*cmd="\([^"$]*\)"$/\1/p' "$t" | sort -u)
	table=$(awk '/^## From p2pmem-test/ { on = 1; next } /^## / { on = 0 }
		on && /^\| / { n = split($0, col, " \\| "); print col[n] }' "$top/README.md" |
		grep -oE '`p2pdma [^`]*`' | tr -d '`' | sort -u)
	if [ "$(echo "$tested" | grep -c .)" -lt 10 ]; then
		echo "t_62 runs fewer than the table's 10 rows:"
		echo "$tested"
		return 1
	fi
	[ "$tested" = "$table" ] && return 0
	echo "README.md's table and t_62_carry_over.sh differ (< t_62, > README):"
	diff <(echo "$tested") <(echo "$table")
	return 1
}

install_honours_destdir() {
	local d=$scratch/destdir
	make -s -C "$top" install DESTDIR="$d" PREFIX=/opt/p2p KDIR="$tree612" || return 1
	test -x "$d/opt/p2p/bin/p2pdma" &&
		test -f "$d/opt/p2p/share/man/man8/p2pdma.8" &&
		find "$d/lib/modules" -name p2pdma_harness.ko | grep -q .
}

dkms_builds() {
	local ver name=p2pdma-harness src kver
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
	kver=$(cat "$tree612/include/config/kernel.release")
	src=/usr/src/$name-$ver
	dkms remove -m $name -v "$ver" --all >/dev/null 2>&1
	rm -rf "$src"
	mkdir -p "$src"
	cp -r "$top/dkms.conf" "$top/kmod" "$top/include" "$src/"
	dkms add -m $name -v "$ver" &&
		dkms build -m $name -v "$ver" -k "$kver" --kernelsourcedir "$tree612" &&
		find "/var/lib/dkms/$name/$ver/$kver" -name 'p2pdma_harness.ko*' | grep -q .
	local rc=$?
	dkms remove -m $name -v "$ver" --all >/dev/null 2>&1
	rm -rf "$src"
	return $rc
}

# `make deb`'s packages, unpacked by dpkg into a scratch root with its own
# database.  Unpacked, not configured: the DKMS package's postinst would
# dkms add and build on this host, so it is only read, for the module's name
# and version.  The checkout gains no file, the runner links what its
# Depends name, the DKMS tree is kmod/ and include/ as in the checkout under
# dkms.conf's version, and lintian finds no error.
deb_packages() {
	local out=$scratch/debs root=$scratch/debroot ver debver runner dkms src f
	local in_git=0 before after depends files rc=0
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
	# Untracked and ignored files, where a build in place would leave them:
	# edits to tracked files, and new files elsewhere, may be someone's work
	# under way in a shared checkout.
	git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=1 &&
		before=$(git -C "$top" status --porcelain --ignored --untracked-files=all -- \
			debian user kmod include ':(glob)*' | grep -E '^(\?\?|!!) ')
	"$top/scripts/make-deb.sh" --out "$out" || return 1
	if [ $in_git = 1 ]; then
		after=$(git -C "$top" status --porcelain --ignored --untracked-files=all -- \
			debian user kmod include ':(glob)*' | grep -E '^(\?\?|!!) ')
		[ "$before" = "$after" ] ||
			{ echo "make-deb.sh left files in the checkout:"; diff <(echo "$before") <(echo "$after"); rc=1; }
	fi
	runner=$(ls "$out"/p2pdma-harness_*.deb) && dkms=$(ls "$out"/p2pdma-harness-dkms_*_all.deb) || return 1
	debver=$(dpkg-deb -f "$runner" Version)
	[ "${debver%-*}" = "$ver" ] || { echo "package version $debver, dkms.conf's $ver"; rc=1; }
	depends=$(dpkg-deb -f "$runner" Depends)
	for f in libmnl0 libblkid1 liburing2; do
		grep -qw "$f" <<<"$depends" || { echo "p2pdma-harness does not depend on $f: $depends"; rc=1; }
	done
	dpkg-deb -I "$dkms" postinst >"$scratch/out" || return 1
	grep -qx 'DKMS_NAME=p2pdma-harness' "$scratch/out" && grep -qx "DKMS_VERSION=$ver" "$scratch/out" ||
		{ cat "$scratch/out"; echo "the postinst does not add p2pdma-harness $ver"; rc=1; }

	mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
	: >"$root/var/lib/dpkg/status"
	# The scratch root has no libc and no dkms to satisfy Depends.
	dpkg --root="$root" --force-depends --no-triggers --unpack "$runner" "$dkms" &&
		dpkg --root="$root" --verify || return 1
	files=$(dpkg-query --admindir="$root/var/lib/dpkg" -L p2pdma-harness)
	for f in /usr/bin/p2pdma /usr/share/man/man8/p2pdma.8.gz; do
		grep -qx "$f" <<<"$files" || { echo "p2pdma-harness lacks $f"; rc=1; }
	done
	[ "$("$root/usr/bin/p2pdma" --version)" = "p2pdma $debver" ] ||
		{ echo "p2pdma --version: $("$root/usr/bin/p2pdma" --version)"; rc=1; }
	"$root/usr/bin/p2pdma" --help >"$scratch/out" && grep -q '^usage: p2pdma' "$scratch/out" ||
		{ cat "$scratch/out"; echo "p2pdma --help fails"; rc=1; }
	zcat "$root/usr/share/man/man8/p2pdma.8.gz" >"$scratch/out" && grep -q '^\.TH P2PDMA 8 ' "$scratch/out" ||
		{ echo "no p2pdma(8) in the package"; rc=1; }

	src=$root/usr/src/p2pdma-harness-$ver
	cmp "$top/dkms.conf" "$src/dkms.conf" || rc=1
	for f in $(lint_files) kmod/Kbuild kmod/Makefile; do
		cmp "$top/$f" "$src/$f" || rc=1
	done
	[ -f "$src/include/uapi/linux/p2pdma_harness.h" ] || { echo "no UAPI header in $src"; rc=1; }
	find "$src" -name '*.o' -o -name '*.ko' -o -name '*.mod*' | grep . && { echo "build products in $src"; rc=1; }

	"$top/scripts/ensure-deps.sh" lintian || return 1
	lintian -I "$out"/*.deb >"$scratch/lintian" 2>&1 || rc=1
	cat "$scratch/lintian"
	grep -q '^E: ' "$scratch/lintian" && rc=1
	return $rc
}

# Each selftest's "# needs:" line names every device it uses (a lab that
# lacks one gets a skip that says so, not a failure), and "destructive"
# when it writes or removes one: a copy, a fill, dd onto a device, a PCI
# remove or a slot powered off.
selftests_state_needs() {
	local t needs used v need known bad=0
	known=$(sed -n 's/^P2PDMA_\(DISKS\|PROVIDERS\)="\(.*\)"$/\2/p' "$top/tests/selftests/devices.sh" | tr '\n' ' ')
	known=$(echo $known)
	for t in "$top"/tests/selftests/t_*.sh; do
		needs=" $(sed -n 's/^# needs: *//p' "$t") "
		# p2p_engines (lib.sh) reads the provider for the test.  grep -E
		# takes the longest of the names that match.
		used=$( { grep -oE "P2PDMA_(${known// /|})" "$t"
			grep -q p2p_engines "$t" && echo P2PDMA_PROVIDER; } | sed 's/^P2PDMA_//' | sort -u)
		for need in $needs; do
			[ "$need" = destructive ] && continue
			grep -qw "$(tr 'a-z-' 'A-Z_' <<<"$need")" <<<"$known" ||
				{ echo "${t##*/} needs '$need', which devices.sh does not know"; bad=1; }
		done
		for v in $used; do
			need=$(tr 'A-Z_' 'a-z-' <<<"$v")
			[[ $needs == *" $need "* ]] ||
				{ echo "${t##*/} uses P2PDMA_$v but does not say it needs $need"; bad=1; }
		done
		if grep -qE 'p2pdma (--[a-z]+ )*(copy|fill)|dd .*of="?\$P2PDMA|/remove"?$|/power"?$|/power"? ' "$t" &&
		   [[ $needs != *" destructive "* ]]; then
			echo "${t##*/} writes to or removes a device but does not say it is destructive"
			bad=1
		fi
	done
	return $bad
}

# The kernel options the kselftest collection asks for
# (tests/selftests/config) are all in the bed's kernel, which runs them.
selftests_config_in_bed() {
	local line missing=0
	while read -r line; do
		[[ $line == CONFIG_* ]] || continue
		grep -qx "$line" "$tree612/.config" ||
			{ echo "$line is not in the bed's 6.12 kernel"; missing=1; }
	done <"$top/tests/selftests/config"
	return $missing
}

# Against Debian's stock headers the build stops, through kmod/Makefile
# with its one line, and through kbuild directly (DKMS, scripts) with the
# #error of main.c; no module is left behind either way.
refuses_stock_headers() {
	local k rc=0
	k=$(kmod_copy)
	grep -qx '# CONFIG_PCI_P2PDMA is not set' "$stock/.config" || {
		echo "$stock has PCI_P2PDMA now: this check needs a kernel without it"
		return 1
	}
	if make -C "$k" KDIR="$stock" >"$scratch/out" 2>&1; then
		echo "make -C kmod KDIR=$stock succeeded"
		rc=1
	fi
	cat "$scratch/out"
	grep -q "^Makefile:[0-9]*: \*\*\* the kernel at $stock is built without CONFIG_PCI_P2PDMA.*make host-kernel" "$scratch/out" || {
		echo "kmod/Makefile did not name the missing option and make host-kernel"
		rc=1
	}
	if make -C "$stock" M="$k" CONFIG_P2PDMA_HARNESS=m modules >"$scratch/out" 2>&1; then
		echo "kbuild M=kmod against $stock succeeded"
		rc=1
	fi
	grep -q 'error: #error "this kernel is built without CONFIG_PCI_P2PDMA' "$scratch/out" || {
		cat "$scratch/out"
		echo "kbuild did not stop on main.c's #error"
		rc=1
	}
	if ls "$k"/*.ko 2>/dev/null; then
		echo "a module was built against $stock"
		rc=1
	fi
	return $rc
}

# Without KDIR and without the running kernel's headers, the package to
# install is named (KVER stands for a running kernel without headers).
names_headers_package() {
	local k
	k=$(kmod_copy)
	! make -C "$k" KVER=0.0.0-none >"$scratch/out" 2>&1 &&
		cat "$scratch/out" &&
		grep -q 'no headers for the running kernel 0.0.0-none: .*apt install linux-headers-0.0.0-none' "$scratch/out"
}

# A module built for a P2PDMA kernel imports its p2pdma functions, so
# forcing it into a kernel without them fails with "Unknown symbol" in
# dmesg rather than loading a module that can do nothing.
imports_p2pdma() {
	local f missing=0
	for f in pci_alloc_p2pmem pci_p2pmem_find_many pci_p2pdma_distance_many; do
		nm -u "$1" | grep -qw "$f" && continue
		echo "$1 does not import $f"
		missing=1
	done
	return $missing
}

# `make host-kernel --minimal` of a series (6.1 packs with its own
# scripts, 6.12 with debhelper): the bed's machine without its debug
# options, as Debian packages.  The image holds a -p2pdma kernel whose
# config has every line of kmod/p2pdma.config and none of the debug
# fragment's; the module builds against the headers package.
host_kernel_packages() {	# SERIES
	local debs=$scratch/debs-$1 root=$scratch/root-$1 image headers release k line rc=0
	"$top/scripts/host-kernel.sh" --series "$1" --minimal --out "$debs" || return 1
	image=$(ls "$debs"/linux-image-*.deb) && headers=$(ls "$debs"/linux-headers-*.deb) || return 1
	[ "$(echo "$image" | wc -l)" = 1 ] && [ "$(echo "$headers" | wc -l)" = 1 ] || {
		echo "expected one image and one headers package in $debs"
		return 1
	}
	release=$(dpkg-deb -f "$image" Package | sed 's/^linux-image-//')
	echo "release $release"
	case "$release" in
	*-p2pdma) ;;
	*) echo "$release does not say p2pdma"; rc=1 ;;
	esac
	dpkg-deb -x "$image" "$root" && dpkg-deb -x "$headers" "$root" || return 1
	[ -s "$root/boot/vmlinuz-$release" ] || { echo "no /boot/vmlinuz-$release"; rc=1; }
	kconfig_check "$root/boot/config-$release" "$top/kmod/p2pdma.config" || rc=1
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=y) grep -qx "$line" "$root/boot/config-$release" &&
			{ echo "the host kernel has the bed's debug option $line"; rc=1; } ;;
		esac
	done <"$top/tests/vm/kernel-debug.config"
	k=$(kmod_copy)
	make -C "$k" KDIR="$root/usr/src/linux-headers-$release" || return 1
	modinfo -F vermagic "$k/p2pdma_harness.ko" | grep -q "^$release " || {
		echo "the module's vermagic is not $release: $(modinfo -F vermagic "$k/p2pdma_harness.ko")"
		rc=1
	}
	imports_p2pdma "$k/p2pdma_harness.ko" || rc=1
	return $rc
}

# The config step on Debian's own config (the stock headers' .config):
# Kconfig keeps P2PDMA and its dependencies (the script checks each line),
# and the debug info is off.
host_kernel_debian_config() {
	local config
	config=$("$top/scripts/host-kernel.sh" --series 6.1 --config "$stock/.config" --config-only) || return 1
	kconfig_check "$config" "$top/kmod/p2pdma.config" || return 1
	grep -qx 'CONFIG_LOCALVERSION="-p2pdma"' "$config" || { echo "no -p2pdma local version"; return 1; }
	grep -qx 'CONFIG_DEBUG_INFO=y' "$config" && { echo "debug info is still on"; return 1; }
	return 0
}

# On a host without P2PDMA (this one, unless its kernel has it), doctor's
# first verdict names the remedy.
doctor_names_host_kernel() {
	make -s -C "$top/user" || return 1
	"$top/user/p2pdma" doctor >"$scratch/out" 2>&1
	cat "$scratch/out"
	if grep -q ' pci_alloc_p2pmem$' /proc/kallsyms; then
		grep -q '^\[ok  \] the kernel has PCI P2PDMA support' "$scratch/out"
	else
		grep -q '^\[FAIL\] this kernel was built without CONFIG_PCI_P2PDMA: `make host-kernel`' "$scratch/out"
	fi
}

run "checkpatch --strict on kmod/ and include/" checkpatch
run "module builds clean with W=1 and sparse against 6.12" build_module "$tree612"
run "module builds clean with W=1 and sparse against 6.1" build_module "$tree61"
run "module builds in-tree from Kconfig.snippet" in_tree "$tree612"
run "cppcheck on userspace" cppcheck_user
run "man page and --help name the same options" man_matches_help
run "YNL spec matches the UAPI header" /usr/bin/python3 "$top/tests/unit/check_spec.py" "$top"
run "README's carry-over table is what t_62 runs" readme_carry_over_runs
run "make install honours DESTDIR and PREFIX" install_honours_destdir
run "dkms add and build" dkms_builds
run "make deb: packages unpack into a scratch root with the runner, man page and DKMS tree; lintian has no error" deb_packages
run "each selftest says which devices it needs, and whether it writes them" selftests_state_needs
run "the kselftest collection's config is in the bed's kernel" selftests_config_in_bed
run "make lava's job fills in from the bed and fits LAVA's schema" "$top/tests/lava/run.sh" --check --out "$scratch/lava"
run "module build refuses Debian's stock headers (no P2PDMA)" refuses_stock_headers
run "make kmod without headers names the package" names_headers_package
run "make host-kernel: 6.1 packages of a P2PDMA kernel the module builds against" host_kernel_packages 6.1
run "make host-kernel: 6.12 packages of a P2PDMA kernel the module builds against" host_kernel_packages 6.12
run "make host-kernel: P2PDMA kept on Debian's own config" host_kernel_debian_config
run "doctor names make host-kernel on a kernel without P2PDMA" doctor_names_host_kernel

echo "1..$n"
echo "static: $((n - failed)) passed, $failed failed"
[ $failed = 0 ]
