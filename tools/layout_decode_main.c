// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-layout --decode FILE: a fuse-fmap message (GET_FMAP reply, KABI 44
 * MAP_CREATE payload) read back with exactly the checks of one kernel
 * target, and printed as a layout.
 */
#include <errno.h>
#include <string.h>

#include "common.h"
#include "layout_print.h"

/* Longer than any message a target takes: read one byte past to see it. */
#define MSG_MAX 32768

int decode_main(const struct lp_opts *o)
{
	static uint8_t buf[MSG_MAX + 1];
	struct famfs_error err = { 0 };
	struct famfs_layout l;
	FILE *in = fopen(o->decode, "rb");
	size_t n;

	if (!in) {
		fprintf(stderr, "%s: %s: %s\n", o->prog, o->decode, strerror(errno));
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), in);
	if (ferror(in)) {
		fprintf(stderr, "%s: %s: %s\n", o->prog, o->decode, strerror(errno));
		fclose(in);
		return 1;
	}
	fclose(in);
	if (n > MSG_MAX) {
		fprintf(stderr, "%s: %s: longer than %d bytes, more than any fuse-fmap message "
			"a target takes\n", o->prog, o->decode, MSG_MAX);
		return 1;
	}
	if (famfs_layout_decode_fuse_target(&l, buf, n, o->target, &err)) {
		fprintf(stderr, "%s: %s: %s\n", o->prog, o->decode, err.msg);
		return 1;
	}
	print_layout(stdout, o->format, o->decode, &l, NULL);
	return fflush(stdout) ? 1 : 0;
}
