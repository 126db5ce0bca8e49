// SPDX-License-Identifier: GPL-2.0-or-later
/* The tools' one parser of sizes and offsets: decimal with suffixes, or hex. */
#include <stdint.h>

#include "unit.h"
#include "../../tools/common.h"

static uint64_t parsed(const char *s)
{
	uint64_t v = 0;

	ck_assert_msg(parse_size(s, &v) == 0, "'%s' refused", s);
	return v;
}

static void refused(const char *s)
{
	uint64_t v = 7;

	ck_assert_msg(parse_size(s, &v) == -1, "'%s' accepted", s);
	ck_assert_uint_eq(v, 7);
}

START_TEST(decimal_and_suffixes)
{
	ck_assert_uint_eq(parsed("0"), 0);
	ck_assert_uint_eq(parsed("4096"), 4096);
	ck_assert_uint_eq(parsed("2m"), 2ULL << 20);
	ck_assert_uint_eq(parsed("3GiB"), 3ULL << 30);
	ck_assert_uint_eq(parsed("1T"), 1ULL << 40);
	ck_assert_uint_eq(parsed("18446744073709551615"), UINT64_MAX);
	refused("16777216t");		/* 2^64 */
	refused("18446744073709551616");
	refused("");
	refused("-1");
	refused("1x");
	refused(" 1");
}
END_TEST

START_TEST(hex)
{
	ck_assert_uint_eq(parsed("0x0"), 0);
	ck_assert_uint_eq(parsed("0x80500000"), 0x80500000ULL);
	ck_assert_uint_eq(parsed("0XaBc"), 0xabc);
	ck_assert_uint_eq(parsed("0xffffffffffffffff"), UINT64_MAX);
	refused("0x");
	refused("0x10000000000000000");
	refused("0x1m");		/* no suffix on hex */
	refused("0xg");
	refused("0x-1");
	refused("0x 1");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tools_parse");
	TCase *tc = tcase_create("parse_size");

	tcase_add_test(tc, decimal_and_suffixes);
	tcase_add_test(tc, hex);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
