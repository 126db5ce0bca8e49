/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared helpers for the Check unit tests. */
#ifndef FAMFS_TEST_UNIT_H
#define FAMFS_TEST_UNIT_H

#include <check.h>
#include <stdlib.h>

/* Run one suite and turn its result into the process exit status. */
static inline int unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
