# Sourced by the scripts that configure a kernel (tests/vm/kernel.sh,
# scripts/host-kernel.sh).
#
# kconfig_check CONFIG FRAGMENT...: every CONFIG_*=y line of the fragments
# is in CONFIG.  Kconfig drops an option whose dependencies are unmet
# without a word; a kernel that silently lost PCI_P2PDMA would make every
# copy on it a refusal.  Names each dropped option on stderr.
kconfig_check() {
	local config=$1 line lost=0
	shift
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=y) ;;
		*) continue ;;
		esac
		if ! grep -qx "$line" "$config"; then
			echo "fragment asks for $line but the config has: $(grep "^${line%%=*}=" "$config" || echo 'not set')" >&2
			lost=1
		fi
	done < <(cat "$@")
	return $lost
}
