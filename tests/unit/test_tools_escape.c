// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The tools' helpers for untrusted names: the one terminal escaping, its
 * JSON counterpart, and creating host files below a directory without
 * following links.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "../../tools/common.h"
#include "../../tools/json.h"
#include "../../tools/safe_path.h"

/* What fn prints for s, in buf. */
static const char *printed(void (*fn)(FILE *, const char *), const char *s)
{
	static char buf[1024];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	ck_assert_ptr_nonnull(f);
	fn(f, s);
	fclose(f);
	return buf;
}

static void put_printable(FILE *f, const char *s)
{
	fput_printable(s, f);
}

START_TEST(printable_controls)
{
	ck_assert_str_eq(printed(put_printable, "a\033[2Jb"), "a\\x1b[2Jb");
	ck_assert_str_eq(printed(put_printable, "\x7f\\"), "\\x7f\\x5c");
	/* C1 raw, and U+009B in UTF-8 */
	ck_assert_str_eq(printed(put_printable, "x\x9b" "31m"), "x\\x9b31m");
	ck_assert_str_eq(printed(put_printable, "u\xc2\x9bx"), "u\\xc2\\x9bx");
	ck_assert_str_eq(printed(put_printable, "\xc2\x80\xc2\x9f"), "\\xc2\\x80\\xc2\\x9f");
}
END_TEST

START_TEST(printable_utf8_kept)
{
	/* U+00A0 is past C1; é, €, an emoji are plain text */
	const char *text = "\xc2\xa0 caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";

	ck_assert_str_eq(printed(put_printable, text), text);
	/* a truncated sequence and an overlong form are escaped byte by byte */
	ck_assert_str_eq(printed(put_printable, "\xe2\x82"), "\\xe2\\x82");
	ck_assert_str_eq(printed(put_printable, "\xc0\xaf"), "\\xc0\\xaf");
}
END_TEST

START_TEST(msg_escapes_arguments)
{
	char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	ck_assert_ptr_nonnull(f);
	tool_msg(f, "prog", "%s: %d", "a\033b", 7);
	fclose(f);
	ck_assert_str_eq(buf, "prog: a\\x1bb: 7\n");
}
END_TEST

START_TEST(json_controls)
{
	ck_assert_str_eq(printed(json_string, "a\033\"\\"), "\"a\\u001b\\\"\\\\\"");
	ck_assert_str_eq(printed(json_string, "u\xc2\x9bx\x7f"), "\"u\\u009bx\\u007f\"");
	ck_assert_str_eq(printed(json_string, "caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	ck_assert_str_eq(printed(json_string, "\x9b"), "\"\\u009b\"");
}
END_TEST

static char dir[PATH_MAX], outside[PATH_MAX + 8];
static int dfd = -1;

static void make_dirs(void)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	snprintf(dir, sizeof(dir), "%s/famfs-safe.XXXXXX", tmp);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(outside, sizeof(outside), "%s.out", dir);
	ck_assert_int_eq(mkdir(outside, 0755), 0);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dfd, 0);
}

static void remove_dirs(void)
{
	char cmd[3 * PATH_MAX + 32];

	close(dfd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", dir, outside);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(create_never_follows)
{
	char target[PATH_MAX + 32];
	struct stat st;
	int fd;

	make_dirs();
	snprintf(target, sizeof(target), "%s/victim", outside);
	ck_assert_int_eq(symlinkat(target, dfd, "victim"), 0);
	/* a dangling link is not created through, with or without replace */
	ck_assert_int_eq(safe_create(dfd, "victim", 0644, 0), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_int_ne(stat(target, &st), 0);
	fd = safe_create(dfd, "victim", 0644, 1);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(fstatat(dfd, "victim", &st, AT_SYMLINK_NOFOLLOW), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_ne(stat(target, &st), 0);
	/* names that are not one component */
	ck_assert_int_eq(safe_create(dfd, "../x", 0644, 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(safe_create(dfd, "..", 0644, 1), -1);
	ck_assert_int_eq(safe_openat(dfd, "", O_RDONLY, 0), -1);
	remove_dirs();
}
END_TEST

START_TEST(mkdir_never_follows)
{
	struct stat st;
	int fd;

	make_dirs();
	ck_assert_int_eq(symlinkat(outside, dfd, "sub"), 0);
	ck_assert_int_eq(safe_mkdir_open(dfd, "sub", 0), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	fd = safe_mkdir_open(dfd, "sub", 1);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	close(fd);
	ck_assert_int_eq(fstatat(dfd, "sub", &st, AT_SYMLINK_NOFOLLOW), 0);
	ck_assert(S_ISDIR(st.st_mode));
	/* an existing directory is opened as it is */
	fd = safe_mkdir_open(dfd, "sub", 0);
	ck_assert_int_ge(fd, 0);
	close(fd);
	remove_dirs();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tools_escape");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, printable_controls);
	tcase_add_test(tc, printable_utf8_kept);
	tcase_add_test(tc, msg_escapes_arguments);
	tcase_add_test(tc, json_controls);
	tcase_add_test(tc, create_never_follows);
	tcase_add_test(tc, mkdir_never_follows);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
