/* linux/printk.h — accepted and ignored: console output is not part of a state. */
#pragma once

int printk(const char *fmt, ...);
#define pr_info(...) printk(__VA_ARGS__)
#define pr_warn(...) printk(__VA_ARGS__)
#define pr_err(...) printk(__VA_ARGS__)
#define pr_debug(...) printk(__VA_ARGS__)
#define pr_notice(...) printk(__VA_ARGS__)
#define pr_info_ratelimited(...) printk(__VA_ARGS__)
