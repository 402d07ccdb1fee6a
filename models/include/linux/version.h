/* linux/version.h — the kernel version a model follows. Lockstep follows v6.19 unless the model declares another
 * with a "lockstep-kernel: vMAJOR.MINOR[.PATCH]" line (usually in its header comment): the checker then defines
 * LINUX_VERSION_CODE for it, and the headers keep the rules of that version where they changed (e.g. when
 * flush_work() touches the work's lockdep map, linux/workqueue.h). */
#pragma once

#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#ifndef LINUX_VERSION_CODE
#define LINUX_VERSION_CODE KERNEL_VERSION(6, 19, 0)
#endif
