# SPDX-License-Identifier: GPL-2.0
# p2pdma-harness: the two commands of the README are the whole set-up.
#
#   make demo    build everything, boot the QEMU bed, run a verified P2P copy
#   make test    host unit tests, the module build, the VM selftests
#   make bench   module vs its userspace peers and fio, as ratios (bench-results/)
#   make host-kernel  Debian packages of this machine's kernel with P2PDMA
#   make deb     Debian packages of the runner and the module (DKMS), in dist/
#   make kselftest-install  the selftests as a kselftest collection
#   make lava    the bed's selftests as a LAVA job (lava-run, no server)
#   make         build the runner (user/p2pdma) and, given KDIR, the module

PREFIX ?= /usr/local
DESTDIR ?=
KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build

.PHONY: all user kmod demo test unit vm bench host-kernel install deb kselftest-install lava clean

all: user

# On Debian, the libraries the runner links are installed first (or named,
# for a user who is not root).
user:
	@if command -v dpkg-query >/dev/null; then \
		scripts/ensure-deps.sh build-essential libmnl-dev libblkid-dev liburing-dev; fi
	$(MAKE) -C user

kmod:
	$(MAKE) -C kmod KVER=$(KVER) KDIR=$(KDIR)

# TOPOLOGY: one of tests/vm/topologies/ (tests/vm/bed.sh --topologies);
# KERNEL: the guest's kernel, 6.12 or 6.1.
TOPOLOGY ?= switch
KERNEL ?= 6.12

demo:
	tests/vm/bed.sh --topology $(TOPOLOGY) --kernel $(KERNEL) --job tests/vm/jobs/demo.sh

test:
	tests/run-all.sh

unit:
	$(MAKE) -C tests/unit

vm:
	tests/vm/bed.sh --topology $(TOPOLOGY) --kernel $(KERNEL) --ktap

bench:
	tests/bench/bench.sh

# HOST_KERNEL_ARGS: scripts/host-kernel.sh's options (--series, --config, --out).
host-kernel:
	scripts/host-kernel.sh $(HOST_KERNEL_ARGS)

# LAVA_TESTS: the selftests to run, by name or glob ('t_01_* t_04_*');
# empty: all of them.  TOPOLOGY and KERNEL as for vm.
LAVA_TESTS ?=
lava:
	tests/lava/run.sh --topology $(TOPOLOGY) --kernel $(KERNEL) --tests '$(LAVA_TESTS)'

# The runner's and the module's Debian packages, into dist/.
deb:
	scripts/make-deb.sh

# INSTALL_PATH: where (tests/selftests/Makefile), a kernel's kselftest
# install among others.
INSTALL_PATH ?= $(CURDIR)/kselftest_install
kselftest-install:
	$(MAKE) -C tests/selftests install INSTALL_PATH=$(INSTALL_PATH)

# The runner and its man page under $(DESTDIR)$(PREFIX), the module under
# $(DESTDIR)/lib/modules/<release>/extra.
install: user kmod
	install -D -m 0755 user/p2pdma $(DESTDIR)$(PREFIX)/bin/p2pdma
	install -D -m 0644 man/p2pdma.8 $(DESTDIR)$(PREFIX)/share/man/man8/p2pdma.8
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod CONFIG_P2PDMA_HARNESS=m \
		INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=extra modules_install

clean:
	$(MAKE) -C user clean
	$(MAKE) -C tests/unit clean
	rm -f kmod/*.o kmod/*.ko kmod/*.mod* kmod/.*.cmd kmod/Module.symvers kmod/modules.order
