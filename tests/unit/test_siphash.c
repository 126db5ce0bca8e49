// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for the internal SipHash-2-4 against the paper's test vectors. */
#include <string.h>

#include "util/siphash.h"
#include "unit.h"

/* Key 00 01 .. 0f, message 00 01 .. (len - 1), as in the paper's appendix. */
static uint64_t vector(size_t len)
{
	uint8_t key[SIPHASH_KEY_LEN], msg[64] = { 0 };
	size_t i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < len; i++)
		msg[i] = (uint8_t)i;
	return siphash24(key, msg, len);
}

START_TEST(test_paper_vector)
{
	/* the worked example of the paper: a 15-byte message */
	ck_assert_uint_eq(vector(15), 0xa129ca6149be45e5ULL);
}
END_TEST

START_TEST(test_reference_vectors)
{
	/* from the reference implementation's table: no words, and one byte */
	ck_assert_uint_eq(vector(0), 0x726fdb47dd0e0e31ULL);
	ck_assert_uint_eq(vector(1), 0x74f839c593dc67fdULL);
}
END_TEST

START_TEST(test_length_matters)
{
	/* the length goes into the last word: trailing zero bytes change the hash */
	uint8_t key[SIPHASH_KEY_LEN] = { 0 }, msg[16] = { 0 };
	uint64_t seen[17];
	size_t i, j;

	for (i = 0; i <= 16; i++) {
		seen[i] = siphash24(key, msg, i);
		for (j = 0; j < i; j++)
			ck_assert_uint_ne(seen[i], seen[j]);
	}
}
END_TEST

START_TEST(test_random_key)
{
	uint8_t a[SIPHASH_KEY_LEN], b[SIPHASH_KEY_LEN];

	siphash_random_key(a);
	siphash_random_key(b);
	ck_assert_int_ne(memcmp(a, b, sizeof(a)), 0);
	ck_assert_uint_ne(siphash24(a, "dir", 3), siphash24(b, "dir", 3));
}
END_TEST

static Suite *siphash_suite(void)
{
	Suite *s = suite_create("siphash");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_paper_vector);
	tcase_add_test(tc, test_reference_vectors);
	tcase_add_test(tc, test_length_matters);
	tcase_add_test(tc, test_random_key);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(siphash_suite());
}
