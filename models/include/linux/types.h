/* linux/types.h — fixed-width integer types as the kernel spells them.
 * Every scalar occupies one 64-bit cell in a Lockstep state; the types decide only how values wrap. */
#pragma once

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long s64;
typedef unsigned long size_t;
typedef long ssize_t;
typedef long loff_t;
typedef unsigned int gfp_t;
typedef long pid_t;
typedef unsigned long uintptr_t;
typedef unsigned long phys_addr_t;
typedef unsigned long gfn_t;
typedef unsigned long hva_t;
typedef unsigned long kvm_pfn_t;

#define NULL ((void *)0)
