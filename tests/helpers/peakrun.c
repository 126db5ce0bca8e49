// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * peakrun: run a command and record what it cost, for tests that bound a
 * tool's time and memory without depending on /usr/bin/time being there.
 *
 *   peakrun OUTFILE CMD [ARGS...]
 *
 * writes "MAXRSS_KIB SECONDS" (peak resident set of the command, wall
 * time) to OUTFILE and exits with the command's status (128 + signal when
 * a signal ended it, 127 when it could not be run).
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double start;
	FILE *out;
	pid_t pid;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: peakrun OUTFILE CMD [ARGS...]\n");
		return 2;
	}
	start = now();
	pid = fork();
	if (pid < 0) {
		perror("peakrun: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror("peakrun: exec");
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("peakrun: wait");
		return 127;
	}
	out = fopen(argv[1], "w");
	if (!out || fprintf(out, "%ld %.3f\n", ru.ru_maxrss, now() - start) < 0 || fclose(out)) {
		perror("peakrun: cannot write the result");
		return 127;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
