/* linux/bitops.h — atomic bit operations on unsigned long flag words (each one indivisible step). */
#pragma once

void set_bit(long nr, volatile unsigned long *addr);
void clear_bit(long nr, volatile unsigned long *addr);
int test_bit(long nr, const volatile unsigned long *addr);
int test_and_set_bit(long nr, volatile unsigned long *addr);
int test_and_clear_bit(long nr, volatile unsigned long *addr);
#define __set_bit(nr, addr) set_bit((nr), (addr))
#define __clear_bit(nr, addr) clear_bit((nr), (addr))
