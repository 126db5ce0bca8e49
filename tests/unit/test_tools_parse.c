// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The tools' one parser of sizes and offsets (decimal with suffixes, or
 * hex), and their one message for a device without a famfs superblock.
 */
#include <stdint.h>
#include <string.h>

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

START_TEST(no_famfs_message)
{
	char buf[512];
	uint64_t held = 0x1122334455667788ULL, zero = 0;

	ck_assert_str_eq(tool_no_famfs_msg(buf, sizeof(buf), "x.img", NULL),
			 "no famfs superblock on x.img (magic 0x87b282ff not found): "
			 "not a famfs file system, or its superblock is lost");
	tool_no_famfs_msg(buf, sizeof(buf), "x.img", &held);
	ck_assert_ptr_nonnull(strstr(buf, "not found, it holds 0x1122334455667788)"));
	ck_assert_ptr_null(strstr(buf, "killed"));
	tool_no_famfs_msg(buf, sizeof(buf), "x.img", &zero);
	ck_assert_ptr_nonnull(strstr(buf, "it holds 0x0)"));
	ck_assert_ptr_nonnull(strstr(buf, "killed by mkfs.famfs -k"));
	/* a short buffer is cut, not overrun */
	ck_assert_uint_eq(strlen(tool_no_famfs_msg(buf, 10, "x.img", NULL)), 9);
}
END_TEST

START_TEST(default_undo_path)
{
	static const uint8_t uuid[16] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
					  1, 2, 3, 4, 5, 6, 7, 8 };
	char *p;

	setenv(TOOL_UNDO_DIR_ENV, "/var/tmp/u", 1);
	p = tool_default_undo_path("famfs-rm", "/dev/dax0.0", uuid);
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(!strncmp(p, "/var/tmp/u/famfs-rm-dax0.0-12345678-9abc-def0-0102-"
			       "030405060708-", 63), "%s", p);
	ck_assert_ptr_nonnull(strstr(p, "Z.undo"));
	free(p);
	unsetenv(TOOL_UNDO_DIR_ENV);
	p = tool_default_undo_path("fsck.famfs", "x.img", uuid);
	ck_assert_msg(!strncmp(p, "./fsck.famfs-x.img-12345678-", 28), "%s", p);
	free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tools_parse");
	TCase *tc = tcase_create("parse_size");

	tcase_add_test(tc, decimal_and_suffixes);
	tcase_add_test(tc, hex);
	tcase_add_test(tc, no_famfs_message);
	tcase_add_test(tc, default_undo_path);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
