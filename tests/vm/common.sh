# Shared settings of the bed's scripts; sourced, not run.

# Slow artefacts (kernel trees) live outside the clone so that a fresh clone
# reuses them.  CI may run without HOME.
P2PDMA_CACHE=${P2PDMA_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/cache}/.cache}/p2pdma-harness}
export P2PDMA_CACHE
