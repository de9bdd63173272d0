// SPDX-License-Identifier: GPL-2.0
/* p2p memory mapped into this process. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "p2pmem.h"
#include "sysfs.h"
#include "units.h"

void p2pmem_allocate_path(const char *addr, char *path, size_t len)
{
	snprintf(path, len, "/sys/bus/pci/devices/%s/p2pmem/allocate", addr);
}

/* Why @addr's allocate file cannot be opened, in the user's terms. */
static void p2pmem_say_no_file(const char *addr, int err, char *msg,
			       size_t msglen)
{
	struct p2pmem_info info;
	struct utsname u;

	if (p2pmem_read(addr, &info))
		snprintf(msg, msglen, "%s has no p2p memory ('p2pdma list' shows the providers)",
			 addr);
	else if (err == ENOENT)
		snprintf(msg, msglen, "%s has p2p memory but no p2pmem/allocate file: this kernel (%s) predates userspace P2PDMA (Linux 6.2); use --engine kernel",
			 addr, uname(&u) ? "?" : u.release);
	else
		snprintf(msg, msglen, "cannot open %s's p2pmem/allocate: %s",
			 addr, strerror(err));
}

void *p2pmem_map(const char *addr, size_t len, char *msg, size_t msglen)
{
	char path[128], need[32], have[32];
	struct p2pmem_info info;
	void *mem;
	int fd, err;

	p2pmem_allocate_path(addr, path, sizeof(path));
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		p2pmem_say_no_file(addr, err, msg, msglen);
		errno = err;
		return NULL;
	}
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	err = errno;
	close(fd);
	if (mem != MAP_FAILED)
		return mem;
	if (err == ENOMEM && !p2pmem_read(addr, &info))
		snprintf(msg, msglen, "%s has %s of p2p memory free, %s asked",
			 addr, fmt_size(have, sizeof(have), info.available),
			 fmt_size(need, sizeof(need), len));
	else
		snprintf(msg, msglen, "cannot map %zu bytes of %s's p2p memory: %s",
			 len, addr, strerror(err));
	errno = err;
	return NULL;
}

void p2pmem_unmap(void *mem, size_t len)
{
	if (mem)
		munmap(mem, len);
}
