// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_cp: famfs-cp against cp, and the allocator on a nearly full device.
 *
 * 1. Copy throughput: a 1 GiB file on tmpfs copied by cp(1) to the same
 *    tmpfs, and by the built famfs-cp into a famfs image on that tmpfs
 *    (made fresh by mkfs.famfs before each run, outside the timing). Both
 *    are whole processes, timed from fork to exit, best of five runs.
 *    Reported: MiB/s of each and famfs-cp's throughput as a share of cp's
 *    (issue 4 asks for at least 0.8).
 * 2. Allocation: 10,000 one-unit files on a device whose data area is 90%
 *    used in scattered units. The cost per file of the last thousand is
 *    compared with the first thousand: a first-fit that rescanned from
 *    the start would grow with every file.
 * 3. Copy-out of many small files: 3,000 files of 100 bytes copied into an
 *    image once (outside the timing), then copied out by famfs-cp -r and
 *    the same host tree by cp -r, best of five. Copy-out must cost the
 *    files' bytes, not their 2 MiB extents. The image's and the tree's
 *    clean pages are dropped before each run (on a disk-backed TMPFS_DIR;
 *    tmpfs keeps them). Reported: both times and famfs-cp's time as a
 *    multiple of cp's.
 *
 * 4. Small files: a tree of 10,000 one-byte files copied by cp -r to a
 *    new directory, and by famfs-cp -r into a fresh image, both in DIR
 *    (so on one file system), best of five, with sync(2) before each
 *    timed run so neither pays for the other's writeback. Reported: the
 *    time of famfs-cp as a share of cp -r's (issue 15 asks for <= 0.25).
 *    Beside them, the floor (bench/cp_floor.c): the same files copied
 *    into an image by their system calls alone, in this process, on one
 *    and on two threads: no copy can cost less.
 *    famfs-cp -r reads sources on up to 4 threads (one per online CPU):
 *    on a machine whose CPUs other work keeps busy, the share is higher.
 *
 *   bench_cp [TOOLS_DIR [DIR [small]]]   (defaults: ./tools and /dev/shm;
 *                                         "small": only part 4)
 *
 * The tools are timed as installed: where TOOLS_DIR/NAME is a libtool
 * wrapper script (a build tree with shared libraries), the binary it
 * wraps, TOOLS_DIR/.libs/NAME, is run instead with the built library on
 * LD_LIBRARY_PATH, as the e2e tests do. The wrapper runs a shell before
 * the tool; part 4 also times famfs-cp through it, for comparison.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "bench_util.h"
#include "cp_floor.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define RUNS 5

static void die(const char *what)
{
	fprintf(stderr, "bench_cp: %s\n", what);
	exit(2);
}

/* Run argv, quietly; returns the wall time. Dies unless it exits 0. */
static double run_usage(char *const argv[], struct rusage *ru)
{
	double t = bench_now();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork failed");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		die(argv[0]);
	return bench_now() - t;
}

/*
 * The program to time for tool name: TOOLS_DIR/name, or the binary its
 * libtool wrapper runs (with the library it needs found first). Returns
 * 1 when it is the wrapped binary.
 */
static int tool_path(const char *tools, const char *name, char *buf, size_t len)
{
	char wrapped[512], head[512], lib[600];
	size_t n = 0;
	FILE *f;

	snprintf(buf, len, "%s/%s", tools, name);
	snprintf(wrapped, sizeof(wrapped), "%s/.libs/%s", tools, name);
	f = fopen(buf, "r");
	if (f) {
		n = fread(head, 1, sizeof(head) - 1, f);
		fclose(f);
	}
	head[n] = '\0';
	if (access(wrapped, X_OK) || !strstr(head, "wrapper script for .libs/"))
		return 0;
	snprintf(buf, len, "%s", wrapped);
	snprintf(lib, sizeof(lib), "%s/../libfamfs/.libs", tools);
	setenv("LD_LIBRARY_PATH", lib, 1);
	return 1;
}

static double run(char *const argv[])
{
	struct rusage ru;

	return run_usage(argv, &ru);
}

static void make_source(const char *path, uint64_t size)
{
	static uint8_t buf[1 << 20];
	uint64_t done, i;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		die("cannot create the source file");
	for (done = 0; done < size; done += sizeof(buf)) {
		for (i = 0; i < sizeof(buf); i += 8)
			memcpy(buf + i, &done, sizeof(done));	/* not all zeros */
		buf[0] = (uint8_t)(done >> 20);
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			die("cannot write the source file (is the tmpfs big enough?)");
	}
	close(fd);
}

static void copy_throughput(const char *tools, const char *dir)
{
	char src[512], dst[512], img[512], mkfs[512], cp_tool[512], target[600];
	char *cp_argv[] = { "/bin/cp", src, dst, NULL };
	char *mkfs_argv[] = { mkfs, "-q", "-f", img, NULL };
	char *famfs_argv[] = { cp_tool, "-q", src, target, NULL };
	double best_cp = 1e9, best_famfs = 1e9;
	int r, fd;

	snprintf(src, sizeof(src), "%s/bench_cp.src", dir);
	snprintf(dst, sizeof(dst), "%s/bench_cp.dst", dir);
	snprintf(img, sizeof(img), "%s/bench_cp.img", dir);
	snprintf(target, sizeof(target), "%s:file", img);
	tool_path(tools, "mkfs.famfs", mkfs, sizeof(mkfs));
	tool_path(tools, "famfs-cp", cp_tool, sizeof(cp_tool));
	make_source(src, GiB);
	fd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)(GiB + 64 * MiB)) || close(fd))
		die("cannot create the image");
	for (r = 0; r < RUNS; r++) {
		double t;

		unlink(dst);
		t = run(cp_argv);
		best_cp = t < best_cp ? t : best_cp;
		unlink(dst);
		run(mkfs_argv);
		t = run(famfs_argv);
		best_famfs = t < best_famfs ? t : best_famfs;
	}
	printf("copy of 1 GiB on tmpfs (best of %d)\n", RUNS);
	printf("  cp:        %8.3f s  %8.0f MiB/s\n", best_cp, 1024.0 / best_cp);
	printf("  famfs-cp:  %8.3f s  %8.0f MiB/s\n", best_famfs, 1024.0 / best_famfs);
	printf("  famfs-cp throughput / cp throughput: %.2f (target >= 0.80)\n",
	       best_cp / best_famfs);
	unlink(src);
	unlink(img);
}

static void alloc_on_full_device(void)
{
	struct famfs_superblock sb = { .log_offset = FAMFS_LOG_OFFSET, .log_len = 8 * MiB };
	const uint64_t dev = 256 * GiB, unit = FAMFS_ALLOC_UNIT, files = 10000;
	uint64_t units = dev / unit, meta = (FAMFS_LOG_OFFSET + sb.log_len) / unit, i;
	uint64_t state = 12345, used = 0;
	double t0, t_first = 0, t_last = 0, t;
	struct famfs_error err = { 0 };
	struct famfs_alloc *map;
	struct famfs_fmap f;

	if (famfs_alloc_new(dev, &sb, &map, &err))
		die(err.msg);
	/* 90% of the data units used, scattered: a free unit every ten or so */
	for (i = meta; i < units; i++) {
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		if ((state >> 33) % 10 != 0) {
			famfs_alloc_reserve(map, i * unit, unit, NULL);
			used++;
		}
	}
	if ((units - meta - used) < files)
		die("not enough free units for the benchmark");
	for (i = 0; i < files; i++) {
		t0 = bench_now();
		if (famfs_alloc_contig(map, unit, &f, &err))
			die(err.msg);
		t = bench_now() - t0;
		if (i < 1000)
			t_first += t;
		else if (i >= files - 1000)
			t_last += t;
	}
	printf("allocation of %" PRIu64 " files on a %.0f%%-full %" PRIu64 " GiB device\n",
	       files, 100.0 * (double)used / (double)(units - meta), (uint64_t)(dev / GiB));
	printf("  first 1000: %8.0f ns per file\n", t_first / 1000 * 1e9);
	printf("  last 1000:  %8.0f ns per file\n", t_last / 1000 * 1e9);
	printf("  last / first: %.2f (1.0 means no growth with the number of files)\n",
	       t_last / t_first);
	famfs_alloc_free(map);
}

#define OUT_FILES	3000
#define OUT_SIZE	100

/* Write a file back and drop its pages from the page cache: a cold start. */
static void drop_cache(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		fdatasync(fd);
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		close(fd);
	}
}

static void drop_tree_cache(const char *src)
{
	char path[700];
	int i;

	for (i = 0; i < OUT_FILES; i++) {
		snprintf(path, sizeof(path), "%s/f%04d", src, i);
		drop_cache(path);
	}
}

static void copy_out_small(const char *tools, const char *dir)
{
	char src[512], out[512], img[512], mkfs[512], cp_tool[512], from[600], into[600];
	char path[700], data[OUT_SIZE];
	char *cp_argv[] = { "/bin/cp", "-r", src, out, NULL };
	char *rm_argv[] = { "/bin/rm", "-rf", out, NULL };
	char *rm_src_argv[] = { "/bin/rm", "-rf", src, NULL };
	char *mkfs_argv[] = { mkfs, "-q", "-f", img, NULL };
	char *in_argv[] = { cp_tool, "-q", "-r", src, into, NULL };
	char *famfs_argv[] = { cp_tool, "-q", "-r", from, out, NULL };
	double best_cp = 1e9, best_famfs = 1e9;
	struct rusage ru_cp, ru_famfs, ru;
	int i, r, fd;

	memset(&ru_cp, 0, sizeof(ru_cp));
	memset(&ru_famfs, 0, sizeof(ru_famfs));
	snprintf(src, sizeof(src), "%s/bench_cp.small", dir);
	snprintf(out, sizeof(out), "%s/bench_cp.small.out", dir);
	snprintf(img, sizeof(img), "%s/bench_cp.small.img", dir);
	snprintf(into, sizeof(into), "%s:/", img);
	snprintf(from, sizeof(from), "%s:/bench_cp.small", img);
	tool_path(tools, "mkfs.famfs", mkfs, sizeof(mkfs));
	tool_path(tools, "famfs-cp", cp_tool, sizeof(cp_tool));
	run(rm_src_argv);
	if (mkdir(src, 0700))
		die("cannot create the source tree");
	memset(data, 'x', sizeof(data));
	for (i = 0; i < OUT_FILES; i++) {
		snprintf(path, sizeof(path), "%s/f%04d", src, i);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || write(fd, data, sizeof(data)) != (ssize_t)sizeof(data) || close(fd))
			die("cannot write the source tree");
	}
	/* every file takes a 2 MiB unit: room for them all, and the log */
	fd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)((OUT_FILES + 8) * 2 * MiB)) || close(fd))
		die("cannot create the image");
	run(mkfs_argv);
	run(in_argv);
	for (r = 0; r < RUNS; r++) {
		double t;

		run(rm_argv);
		drop_tree_cache(src);
		t = run_usage(cp_argv, &ru);
		if (t < best_cp) {
			best_cp = t;
			ru_cp = ru;
		}
		run(rm_argv);
		drop_cache(img);
		t = run_usage(famfs_argv, &ru);
		if (t < best_famfs) {
			best_famfs = t;
			ru_famfs = ru;
		}
	}
	/* ru_inblock counts 512-byte blocks read from storage */
	printf("copy-out of %d files of %d bytes (best of %d; max RSS, storage read)\n",
	       OUT_FILES, OUT_SIZE, RUNS);
	printf("  cp -r:        %8.3f s  %6ld MiB  %8.1f MiB\n", best_cp, ru_cp.ru_maxrss / 1024,
	       (double)ru_cp.ru_inblock / 2048);
	printf("  famfs-cp -r:  %8.3f s  %6ld MiB  %8.1f MiB\n", best_famfs,
	       ru_famfs.ru_maxrss / 1024, (double)ru_famfs.ru_inblock / 2048);
	printf("  famfs-cp time / cp time: %.2f\n", best_famfs / best_cp);
	run(rm_argv);
	run(rm_src_argv);
}

#define SMALL_FILES	10000
#define SMALL_RUNS	5

static void remove_tree(char *path)
{
	char *argv[] = { "/bin/rm", "-rf", path, NULL };

	run(argv);
}

static void make_small_tree(const char *src)
{
	char path[600];
	int i, fd;

	if (mkdir(src, 0755))
		die("cannot create the source tree");
	for (i = 0; i < SMALL_FILES; i++) {
		snprintf(path, sizeof(path), "%s/f%05d", src, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || write(fd, "x", 1) != 1 || close(fd))
			die("cannot create a source file");
	}
}

static void fresh_image(const char *img, uint64_t size, char *const mkfs_argv[])
{
	int fd;

	unlink(img);
	fd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)size) || close(fd))
		die("cannot create the image");
	run(mkfs_argv);
}

static void small_files(const char *tools, const char *dir)
{
	char src[512], dst[512], img[512], mkfs[512], cp_tool[512], target[600];
	char *cp_argv[] = { "/bin/cp", "-r", src, dst, NULL };
	char *mkfs_argv[] = { mkfs, "-q", "-f", img, NULL };
	char *famfs_argv[] = { cp_tool, "-q", "-r", src, target, NULL };
	char wrapper[600];
	char *wrapper_argv[] = { wrapper, "-q", "-r", src, target, NULL };
	/* every file takes one 2 MiB unit; the image stays sparse */
	const uint64_t img_size = (uint64_t)SMALL_FILES * 2 * MiB + GiB;
	double best_cp = 1e9, best_famfs = 1e9, best_wrapper = 1e9, best_floor[2] = { 1e9, 1e9 };
	double t;
	int r, wrapped;

	snprintf(src, sizeof(src), "%s/bench_small.src", dir);
	snprintf(dst, sizeof(dst), "%s/bench_small.dst", dir);
	snprintf(img, sizeof(img), "%s/bench_small.img", dir);
	snprintf(target, sizeof(target), "%s:tree", img);
	tool_path(tools, "mkfs.famfs", mkfs, sizeof(mkfs));
	wrapped = tool_path(tools, "famfs-cp", cp_tool, sizeof(cp_tool));
	snprintf(wrapper, sizeof(wrapper), "%s/famfs-cp", tools);
	remove_tree(src);
	remove_tree(dst);
	make_small_tree(src);
	for (r = 0; r < SMALL_RUNS; r++) {
		remove_tree(dst);
		sync();
		t = run(cp_argv);
		best_cp = t < best_cp ? t : best_cp;
		remove_tree(dst);
		fresh_image(img, img_size, mkfs_argv);
		sync();
		t = run(famfs_argv);
		best_famfs = t < best_famfs ? t : best_famfs;
		/* the floor, on one thread and on two, into a fresh sparse image */
		for (int k = 0; k < 2; k++) {
			fresh_image(img, img_size, mkfs_argv);
			sync();
			t = cp_floor(src, img, k + 1);
			if (t < 0)
				die("the floor copy failed");
			best_floor[k] = t < best_floor[k] ? t : best_floor[k];
		}
		if (!wrapped)
			continue;
		fresh_image(img, img_size, mkfs_argv);
		sync();
		t = run(wrapper_argv);
		best_wrapper = t < best_wrapper ? t : best_wrapper;
	}
	printf("copy of %d one-byte files in %s (best of %d)\n", SMALL_FILES, dir, SMALL_RUNS);
	printf("  cp -r:       %8.3f s\n", best_cp);
	printf("  famfs-cp -r: %8.3f s\n", best_famfs);
	printf("  famfs-cp time / cp -r time: %.2f (target <= 0.25)\n", best_famfs / best_cp);
	if (wrapped)
		printf("  (famfs-cp -r through the libtool wrapper: %.3f s)\n", best_wrapper);
	/* what the target leaves for everything but the system calls */
	printf("  floor, system calls only, in process: %.3f s on 1 thread (%.2f of cp -r), "
	       "%.3f s on 2 (%.2f)\n", best_floor[0], best_floor[0] / best_cp, best_floor[1],
	       best_floor[1] / best_cp);
	remove_tree(src);
	unlink(img);
}

int main(int argc, char **argv)
{
	const char *tools = argc > 1 ? argv[1] : "./tools";
	const char *dir = argc > 2 ? argv[2] : "/dev/shm";
	int only_small = argc > 3 && !strcmp(argv[3], "small");

	setenv("FAMFS_SYSTEM_UUID", "5f0e6c3a-1b2d-4c8e-9f10-112233445566", 1);
	if (!only_small) {
		copy_throughput(tools, dir);
		alloc_on_full_device();
		copy_out_small(tools, dir);
	}
	small_files(tools, dir);
	return 0;
}
