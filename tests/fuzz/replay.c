// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Runs a fuzz target over files without libFuzzer, so that the seed
 * corpus and every input that once crashed stay tests in a normal build:
 *   replay_TARGET FILE|DIR...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;
	size_t got;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	buf = malloc(len ? (size_t)len : 1);
	if (!buf)
		return -1;
	got = fread(buf, 1, (size_t)len, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	return 0;
}

static int run_path(const char *path, unsigned long *n)
{
	struct dirent **names;
	struct stat st;
	int i, count, rc = 0;

	if (stat(path, &st))
		return 0;	/* no regressions yet: nothing to replay */
	if (!S_ISDIR(st.st_mode)) {
		(*n)++;
		return run_file(path);
	}
	count = scandir(path, &names, NULL, alphasort);
	for (i = 0; i < count; i++) {
		char sub[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
			rc |= run_path(sub, n);
		}
		free(names[i]);
	}
	free(count >= 0 ? names : NULL);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long n = 0;
	int i, rc = 0;

	for (i = 1; i < argc; i++)
		rc |= run_path(argv[i], &n);
	printf("%s: %lu inputs replayed\n", argv[0], n);
	return rc ? 1 : 0;
}
