/* linux/bottom_half.h — see linux/preempt.h */
#pragma once
#include <linux/preempt.h>
