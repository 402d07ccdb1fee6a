/* linux/rculist.h — see linux/list.h */
#pragma once
#include <linux/list.h>
