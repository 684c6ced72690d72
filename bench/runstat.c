/* SPDX-License-Identifier: MIT */
/* runstat.c: runs a command N times and reports its wall time and peak
 * memory, the first run separately.
 *
 *   runstat [-n RUNS] [-p PREFIX] -- COMMAND [ARG]...
 *
 * Each run gets stdin and stdout from /dev/null (printing results is not
 * what is measured; stderr stays, so a failure shows).  Wall time is taken
 * around fork..wait4 with CLOCK_MONOTONIC; peak RSS is the child's
 * ru_maxrss from wait4 and CPU time its user + system time.  The first run
 * is reported on its own (a cold cache shows there); "warm" figures are
 * over runs 2..N (over the one run when N = 1).
 *
 * Output: PREFIX.key=value lines on stdout, for bench/run.sh. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

struct run {
	double wall_ms, cpu_ms;
	long rss_kb;
	int status;       /* exit code, or 128 + signal */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double tv_ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static bool run_once(char **argv, int devnull, struct run *r)
{
	struct rusage ru;
	double t0 = now_ms();
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("runstat: fork");
		return false;
	}
	if (pid == 0) {
		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "runstat: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("runstat: wait4");
			return false;
		}
	r->wall_ms = now_ms() - t0;
	r->cpu_ms = tv_ms(&ru.ru_utime) + tv_ms(&ru.ru_stime);
	r->rss_kb = ru.ru_maxrss;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status)
				      : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return true;
}

static void usage(FILE *fp)
{
	fputs("Usage: runstat [-n RUNS] [-p PREFIX] -- COMMAND [ARG]...\n", fp);
}

int main(int argc, char **argv)
{
	const char *prefix = "run";
	size_t n = 5, nwarm;
	struct run *runs;
	double *wall, *cpu;
	long maxrss = 0, warmrss = 0;
	bool same_status = true;
	int opt, devnull;

	while ((opt = getopt(argc, argv, "+n:p:h")) != -1) {
		switch (opt) {
		case 'n': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);

			if (end == optarg || *end || v == 0 || v > 100000) {
				usage(stderr);
				return 2;
			}
			n = v;
			break;
		}
		case 'p': prefix = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	devnull = open("/dev/null", O_RDWR);
	if (devnull < 0) {
		perror("runstat: /dev/null");
		return 2;
	}
	runs = xcalloc(n, sizeof(*runs));
	for (size_t i = 0; i < n; i++)
		if (!run_once(argv + optind, devnull, &runs[i]))
			return 2;
	close(devnull);

	/* Warm figures leave out the first run, unless it is the only one. */
	nwarm = n > 1 ? n - 1 : 1;
	wall = xcalloc(nwarm, sizeof(*wall));
	cpu = xcalloc(nwarm, sizeof(*cpu));
	for (size_t i = 0; i < nwarm; i++) {
		wall[i] = runs[n > 1 ? i + 1 : 0].wall_ms;
		cpu[i] = runs[n > 1 ? i + 1 : 0].cpu_ms;
	}
	for (size_t i = 0; i < n; i++) {
		if (runs[i].rss_kb > maxrss)
			maxrss = runs[i].rss_kb;
		if ((i > 0 || n == 1) && runs[i].rss_kb > warmrss)
			warmrss = runs[i].rss_kb;
		same_status &= runs[i].status == runs[0].status;
	}
	printf("%s.runs=%zu\n", prefix, n);
	printf("%s.first_ms=%.2f\n", prefix, runs[0].wall_ms);
	printf("%s.first_cpu_ms=%.2f\n", prefix, runs[0].cpu_ms);
	printf("%s.first_rss_kb=%ld\n", prefix, runs[0].rss_kb);
	/* median() sorts wall: min and max are its ends afterwards. */
	printf("%s.warm_median_ms=%.2f\n", prefix, median(wall, nwarm));
	printf("%s.warm_min_ms=%.2f\n", prefix, wall[0]);
	printf("%s.warm_max_ms=%.2f\n", prefix, wall[nwarm - 1]);
	printf("%s.warm_cpu_median_ms=%.2f\n", prefix, median(cpu, nwarm));
	printf("%s.warm_max_rss_kb=%ld\n", prefix, warmrss);
	printf("%s.max_rss_kb=%ld\n", prefix, maxrss);
	printf("%s.status=%d\n", prefix, runs[0].status);
	printf("%s.status_same=%d\n", prefix, same_status ? 1 : 0);
	free(wall);
	free(cpu);
	free(runs);
	return 0;
}
