/* linux/slab.h and linux/gfp.h — heap objects. Sizes are bytes as sizeof yields them. An allocation that may
 * reclaim (GFP_KERNEL) may sleep; every access to a freed object is a use-after-free. An allocation that cannot
 * reclaim (GFP_ATOMIC, GFP_NOWAIT) or says it may fail (__GFP_NORETRY, __GFP_RETRY_MAYFAIL) returns NULL in some
 * interleavings, as does every allocation without __GFP_NOFAIL under --config FAILSLAB. */
#pragma once
#include <linux/types.h>

#define ___GFP_HIGH 0x20
#define ___GFP_IO 0x40
#define ___GFP_FS 0x80
#define ___GFP_DIRECT_RECLAIM 0x400
#define ___GFP_KSWAPD_RECLAIM 0x800
#define __GFP_NOWARN 0x2000
#define __GFP_ZERO 0x100
/* include/linux/gfp_types.h: the reclaim modifiers that decide whether an allocation may fail. */
#define __GFP_RETRY_MAYFAIL 0x4000
#define __GFP_NOFAIL 0x8000
#define __GFP_NORETRY 0x10000
#define __GFP_NOMEMALLOC 0x80000
#define GFP_KERNEL (___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM | ___GFP_IO | ___GFP_FS)
#define GFP_ATOMIC (___GFP_HIGH | ___GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT (___GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL_ACCOUNT GFP_KERNEL
#define __GFP_IO ___GFP_IO
#define __GFP_FS ___GFP_FS
#define __GFP_DIRECT_RECLAIM ___GFP_DIRECT_RECLAIM
#define GFP_NOFS (___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM | ___GFP_IO)
#define GFP_NOIO (___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM)

void *kzalloc(size_t size, gfp_t flags);
void *kmalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void kfree(const void *objp);
void kvfree(const void *addr);
