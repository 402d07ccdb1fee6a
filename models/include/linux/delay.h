/* linux/delay.h — msleep(): see linux/sched.h */
#pragma once
#include <linux/sched.h>
