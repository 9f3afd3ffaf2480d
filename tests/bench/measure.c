/*
 * Runs a command and reports what it cost: wall-clock time, CPU time in
 * user and kernel mode, and peak resident memory, from wait4(2)'s
 * rusage of that one child (so the figures are the command's own, not
 * the shell's).  The command's standard output goes to OUT (use
 * /dev/null to drop it); its standard error is passed through.
 *
 * Usage: measure OUT COMMAND [ARG...]
 * Prints: wall=S user=S sys=S cpu=S maxrss_kb=N status=N
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status, code;
	pid_t pid;

	if (argc < 3) {
		fputs("usage: measure OUT COMMAND [ARG...]\n", stderr);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
			perror(argv[1]);
			_exit(127);
		}
		close(fd);
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("wall=%.3f user=%.3f sys=%.3f cpu=%.3f maxrss_kb=%ld status=%d\n",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       seconds(ru.ru_utime), seconds(ru.ru_stime),
	       seconds(ru.ru_utime) + seconds(ru.ru_stime), ru.ru_maxrss, code);
	return 0;
}
