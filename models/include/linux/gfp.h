/* linux/gfp.h — see linux/slab.h */
#pragma once
#include <linux/slab.h>
