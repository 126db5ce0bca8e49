// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxhold: map the first LEN bytes of a device and keep the mapping until
 * killed, for the VM test of a mode switch refused while another process
 * maps the device.
 *
 *   daxhold DEVICE LEN
 *
 * prints "mapped" once the mapping exists; exits 1 if it cannot map.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long long len;
	void *p;
	int fd;

	if (argc != 3 || !(len = strtoull(argv[2], NULL, 0))) {
		fprintf(stderr, "usage: daxhold DEVICE LEN\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	p = mmap(NULL, (size_t)len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	printf("mapped\n");
	fflush(stdout);
	for (;;)
		pause();
}
