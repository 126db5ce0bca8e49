// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the SIGBUS guard: a mapped file truncated under a reader
 * reads as zeros and is recorded, and the caller's SIGBUS action is back
 * in place once the guard ends.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dev/bus_guard.h"
#include "unit.h"

static void caller_handler(int sig)
{
	(void)sig;
}

START_TEST(test_truncated_mapping_reads_zeros)
{
	char path[] = "/tmp/famfs-test-bus-XXXXXX";
	const size_t page = (size_t)sysconf(_SC_PAGESIZE), len = 8 * page;
	struct sigaction mine, now;
	struct bus_guard g;
	volatile const uint8_t *p;
	uint8_t sum = 0;
	size_t i;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)len), 0);
	ck_assert_int_eq(pwrite(fd, "\x01", 1, 0), 1);
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert_ptr_ne((void *)p, MAP_FAILED);

	memset(&mine, 0, sizeof(mine));
	mine.sa_handler = caller_handler;
	ck_assert_int_eq(sigaction(SIGBUS, &mine, NULL), 0);

	ck_assert_int_eq(bus_guard_begin(&g, (const void *)p, len), 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)(3 * page)), 0);
	for (i = 0; i < len; i++)
		sum += p[i];		/* pages 3..7 are gone: SIGBUS without the guard */
	bus_guard_end(&g);

	ck_assert_uint_eq(sum, 1);
	ck_assert_int_eq(g.hit, 1);
	ck_assert_uint_eq(bus_guard_first(&g), 3 * page);
	ck_assert_int_eq(sigaction(SIGBUS, NULL, &now), 0);
	ck_assert_ptr_eq((void *)now.sa_handler, (void *)caller_handler);

	/* an untouched guard records nothing */
	ck_assert_int_eq(bus_guard_begin(&g, (const void *)p, page), 0);
	sum = p[0];
	bus_guard_end(&g);
	ck_assert_int_eq(g.hit, 0);
	ck_assert_uint_eq(sum, 1);

	munmap((void *)p, len);
	close(fd);
	unlink(path);
	signal(SIGBUS, SIG_DFL);
}
END_TEST

START_TEST(test_guards_nest)
{
	static const uint8_t a[64], b[64];
	struct bus_guard g[17];
	struct sigaction before, now;
	int i;

	/* the caller's handler (SIG_DFL, or the sanitizer's) must come back */
	ck_assert_int_eq(sigaction(SIGBUS, NULL, &before), 0);
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(bus_guard_begin(&g[i], (i & 1) ? a : b, 64), 0);
	ck_assert_int_lt(bus_guard_begin(&g[16], a, 64), 0);	/* table full */
	bus_guard_end(&g[16]);					/* never began: no-op */
	for (i = 15; i >= 0; i--)
		bus_guard_end(&g[i]);
	ck_assert_int_eq(sigaction(SIGBUS, NULL, &now), 0);
	ck_assert_ptr_eq((void *)now.sa_handler, (void *)before.sa_handler);
}
END_TEST

static Suite *bus_guard_suite(void)
{
	Suite *s = suite_create("bus_guard");
	TCase *tc = tcase_create("bus_guard");

	tcase_add_test(tc, test_truncated_mapping_reads_zeros);
	tcase_add_test(tc, test_guards_nest);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(bus_guard_suite());
}
