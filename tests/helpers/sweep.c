// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sweep: the corruption sweep of a populated image, in process.
 *
 *   sweep IMAGE ENTRIES RANDOM SEED
 *
 * Inverts each byte of the superblock, of the log header and of the first
 * ENTRIES log slots, one at a time, then flips one random bit of RANDOM
 * random bytes elsewhere in the log, and runs the whole check on each
 * result.
 * The check must never crash (the sanitizer builds watch for reads out of
 * bounds), never write (the image is read-only while it runs), and must
 * report a finding whenever a byte covered by a CRC changed.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/famfs.h>

static uint8_t *img;
static size_t img_len;
static uint64_t runs, missed;

static void writable(int rw)
{
	if (mprotect(img, img_len, rw ? PROT_READ | PROT_WRITE : PROT_READ)) {
		perror("sweep: mprotect");
		exit(2);
	}
}

/* Flip the byte at off, check, put it back; covered: a finding is due. */
static void try_flip(uint64_t off, uint8_t mask, int covered)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };

	writable(1);
	img[off] ^= mask;
	writable(0);
	if (famfs_check_buffer(img, img_len, NULL, NULL, &rep, NULL, &err)) {
		fprintf(stderr, "sweep: check failed outright at %" PRIu64 ": %s\n", off, err.msg);
		exit(1);
	}
	runs++;
	if (covered && rep.nerrors + rep.nwarnings == 0) {
		fprintf(stderr, "sweep: byte %" PRIu64 " ^ 0x%02x changed unnoticed\n", off, mask);
		missed++;
	}
	writable(1);
	img[off] ^= mask;
}

static void sweep_range(uint64_t from, uint64_t len, uint64_t covered_len)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		try_flip(from + i, 0xff, i < covered_len);
}

int main(int argc, char **argv)
{
	struct famfs_check_report rep;
	struct stat st;
	uint64_t entries, nrandom, seed, i, log_len;
	int fd;

	if (argc != 5) {
		fprintf(stderr, "usage: sweep IMAGE ENTRIES RANDOM SEED\n");
		return 2;
	}
	entries = strtoull(argv[2], NULL, 0);
	nrandom = strtoull(argv[3], NULL, 0);
	seed = strtoull(argv[4], NULL, 0);
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		perror(argv[1]);
		return 2;
	}
	img_len = (size_t)st.st_size;
	/* a private copy-on-write mapping: the image file itself never changes */
	img = mmap(NULL, img_len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED) {
		perror("sweep: mmap");
		return 2;
	}
	if (famfs_check_buffer(img, img_len, NULL, NULL, &rep, NULL, NULL) ||
	    rep.nerrors || rep.nwarnings || rep.slots_used < entries) {
		fprintf(stderr, "sweep: the image must be clean and hold %" PRIu64 " entries\n",
			entries);
		return 2;
	}
	log_len = rep.sb.log_len;

	/* superblock: the CRC covers bytes 0..95 and is itself at 96..103 */
	sweep_range(0, FAMFS_SB_ENCODED_SIZE, 104);
	/* log header: magic, length, last index and their CRC at 0..31 */
	sweep_range(FAMFS_LOG_OFFSET, FAMFS_LOG_HEADER_SIZE, 32);
	/* live entries: every byte is under the entry's CRC */
	for (i = 0; i < entries; i++)
		sweep_range(FAMFS_LOG_OFFSET + famfs_log_slot_offset(i), FAMFS_LOG_ENTRY_SIZE,
			    FAMFS_LOG_ENTRY_SIZE);
	/* random bytes anywhere in the log: live (CRC) or unused (must be zero) */
	srandom((unsigned int)seed);
	for (i = 0; i < nrandom; i++) {
		uint64_t off = FAMFS_LOG_HEADER_SIZE + (uint64_t)random() % (log_len -
				FAMFS_LOG_HEADER_SIZE);
		uint64_t last_slot_end = famfs_log_slot_offset(rep.slots);

		if (off >= last_slot_end)	/* the tail after the last slot is no slot */
			continue;
		try_flip(FAMFS_LOG_OFFSET + off, (uint8_t)(1u << (random() % 8)), 1);
	}
	printf("sweep: %" PRIu64 " corrupted images checked, %" PRIu64 " changes unnoticed\n",
	       runs, missed);
	return missed ? 1 : 0;
}
