# shellcheck shell=bash
# Sourced by bed.sh, which provides drive(), $work and $kernel.
. "$(dirname "${BASH_SOURCE[0]}")/host-bridge.sh"
topology_summary="the AMD EPYC server with its IOMMU translating DMA: host-bridge P2P through IOVAs, and the same devices switched to identity (iommu=pt) at run time"
# QEMU's intel-iommu on an AMD guest CPU: the kernel finds it through the
# DMAR table whatever the CPU.  48-bit addresses cover the 64-bit BARs.
# Interrupt remapping would need a split irqchip, which TCG lacks.
host_bridge_machine -device intel-iommu,intremap=off,aw-bits=48
topology_append+=" intel_iommu=on"
