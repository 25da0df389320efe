/*
 * The Linux API sluice binds, as jextract reads it.
 * jextract runs over this file with the options in jextract.args; the output lives in ../bindings.
 */
#define _GNU_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <linux/version.h>

/*
 * Kernel ABI newer than the installed kernel headers: cachestat(2) came in Linux 6.5,
 * RWF_DONTCACHE in 6.14. The values are the kernel's; the gcc probe test checks them
 * against the system headers wherever those define them.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <linux/mman.h>
#else
struct cachestat_range {
    __u64 off;
    __u64 len;
};

struct cachestat {
    __u64 nr_cache;
    __u64 nr_dirty;
    __u64 nr_writeback;
    __u64 nr_evicted;
    __u64 nr_recently_evicted;
};
#endif

#ifndef SYS_cachestat
#define SYS_cachestat 451
#endif

#ifndef RWF_DONTCACHE
#define RWF_DONTCACHE 0x00000080
#endif
