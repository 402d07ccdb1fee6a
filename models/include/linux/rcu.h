/* linux/rcupdate.h is the RCU header; linux/rculist.h users include it too. */
#pragma once
#include <linux/rcupdate.h>
