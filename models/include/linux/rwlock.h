/* linux/rwlock.h — see linux/spinlock.h */
#pragma once
#include <linux/spinlock.h>
