/* linux/err.h — see linux/errno.h */
#pragma once
#include <linux/errno.h>
