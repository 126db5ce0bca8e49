// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * datadump: a canonical dump of a file's contents for the end-to-end tests
 * to hash, so that "the image is unchanged" costs what the image holds, not
 * its size. Test images are sparse files of up to 64 GiB with a few MiB of
 * data; hashing them whole took minutes.
 *
 *   datadump FILE > DUMP
 *
 * The dump is "size N\n", then for each 4 KiB block (from offset 0) that is
 * not all zeros, "@OFFSET\n" and the block's bytes (the last block may be
 * short). It depends only on the file's size and bytes, not on where the
 * holes are, so two files have equal dumps exactly when they are equal.
 * Holes (SEEK_HOLE) are skipped without reading them.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK 4096
#define BUF_BLOCKS 256

static const char *name;

static int fail(const char *what)
{
	fprintf(stderr, "datadump: %s: %s: %s\n", name, what, strerror(errno));
	return 1;
}

static int all_zero(const unsigned char *p, size_t n)
{
	return n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0);
}

/* Fill buf with len bytes from pos, however the reads come back. */
static int read_full(int fd, unsigned char *buf, size_t len, off_t pos)
{
	while (len > 0) {
		ssize_t got = pread(fd, buf, len, pos);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return fail("read");
		if (got == 0) {
			errno = EIO;
			return fail("file shrank while being read");
		}
		buf += got;
		len -= got;
		pos += got;
	}
	return 0;
}

/* Write the non-zero blocks of [start, end); start is block-aligned. */
static int dump_range(int fd, off_t start, off_t end)
{
	static unsigned char buf[BLOCK * BUF_BLOCKS];

	for (off_t pos = start; pos < end; pos += sizeof(buf)) {
		size_t len = sizeof(buf);

		if ((off_t)len > end - pos)
			len = end - pos;
		if (read_full(fd, buf, len, pos))
			return 1;
		for (size_t i = 0; i < len; i += BLOCK) {
			size_t n = len - i < BLOCK ? len - i : BLOCK;

			if (all_zero(buf + i, n))
				continue;
			printf("@%jd\n", (intmax_t)(pos + i));
			if (fwrite(buf + i, 1, n, stdout) != n)
				return fail("write to stdout");
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct stat st;
	off_t pos = 0;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: datadump FILE\n");
		return 2;
	}
	name = argv[1];
	fd = open(name, O_RDONLY);
	if (fd < 0)
		return fail("open");
	if (fstat(fd, &st) < 0)
		return fail("stat");
	printf("size %jd\n", (intmax_t)st.st_size);
	/* pos is block-aligned: every block before it has been dumped */
	while (pos < st.st_size) {
		off_t data = lseek(fd, pos, SEEK_DATA);
		off_t end;

		if (data < 0 && errno == ENXIO)
			break;		/* a hole up to the end */
		if (data < 0 && errno == EINVAL)
			data = pos;	/* no SEEK_DATA here: read it all */
		else if (data < 0)
			return fail("SEEK_DATA");
		end = lseek(fd, data, SEEK_HOLE);
		if (end < 0 || end > st.st_size)
			end = st.st_size;
		/* whole blocks around the data; their hole parts read as 0 */
		data -= data % BLOCK;
		end += (BLOCK - end % BLOCK) % BLOCK;
		if (end > st.st_size)
			end = st.st_size;
		if (dump_range(fd, data > pos ? data : pos, end))
			return 1;
		pos = end;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return fail("write to stdout");
	return 0;
}
