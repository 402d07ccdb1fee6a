/* lib/locking-selftest.c: GENERATE_PERMUTATIONS_2_EVENTS / GENERATE_PERMUTATIONS_3_EVENTS — run the template's
 * events E1, E2 (and E3) in the order -D ORDER_xy(z) names. Include after E1..E3 are defined. */
#pragma once

static void run_events(void)
{
#if defined(ORDER_12)
	E1(); E2();
#elif defined(ORDER_21)
	E2(); E1();
#elif defined(ORDER_123)
	E1(); E2(); E3();
#elif defined(ORDER_132)
	E1(); E3(); E2();
#elif defined(ORDER_213)
	E2(); E1(); E3();
#elif defined(ORDER_231)
	E2(); E3(); E1();
#elif defined(ORDER_312)
	E3(); E1(); E2();
#elif defined(ORDER_321)
	E3(); E2(); E1();
#else
#error "choose an order: -D ORDER_12, ORDER_21 (two events) or ORDER_123 .. ORDER_321 (three events)"
#endif
}
