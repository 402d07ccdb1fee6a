/* linux/kernel.h — the usual helpers: container_of and offsetof are language builtins; min/max; ARRAY_SIZE. */
#pragma once
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/errno.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define BIT(nr) (1UL << (nr))
/* include/vdso/limits.h */
#define ULONG_MAX (~0UL)
#define EXPORT_SYMBOL(x)
#define EXPORT_SYMBOL_GPL(x)
#define fallthrough do { } while (0)
