/* SPDX-License-Identifier: MIT */
/* bench_search.c: in-process timings of the search engine -- load, index
 * build and per-query latency -- on the packs the program would load.
 *
 *   bench_search [--no-builtin] [--content DIR]... [--queries FILE]
 *                [--loads L] [--passes P] [--kv FILE] [--prefix NAME]
 *
 * Loads like `enrollkb --search` does (the built-in pack unless
 * --no-builtin, then each --content DIR; never the user's own packs), L
 * times, building the index each time; reports the first and the median.
 * Then runs every query of FILE ("class TAB expected-id TAB query", as
 * gen_pack writes) once untimed and P times timed through search_run()
 * with no limit, as the CLI does.  A query's latency is the median of its
 * P timed runs, so a stall caused by other work on the machine does not
 * count as the engine's; median, p99 (nearest rank) and max are taken over
 * queries, for all of them and per class.
 *
 * A human-readable report goes to stdout; with --kv the figures also go to
 * FILE as PREFIX.key=value lines. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "diag.h"
#include "fsutil.h"
#include "kb.h"
#include "pack.h"
#include "search.h"
#include "strbuf.h"
#include "xalloc.h"

struct query {
	char *cls;
	char *expect;
	char *text;
	double ms;        /* median of the timed passes */
	size_t nhits;
	int found;        /* expected article in the top 10: 1, 0, or -1 = n/a */
};

struct opts {
	bool builtin;
	const char **dirs;
	size_t ndirs, dirs_cap;
	const char *queries;
	const char *kv;
	const char *prefix;
	size_t loads, passes;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* v is sorted in place. */
static double median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Nearest-rank percentile of a sorted array. */
static double percentile(const double *v, size_t n, unsigned pct)
{
	size_t rank;

	if (n == 0)
		return 0;
	rank = (n * pct + 99) / 100;
	return v[rank ? rank - 1 : 0];
}

static long peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Resident now (Linux /proc; 0 elsewhere): with the peak it tells what
 * is kept from what was only needed while loading. */
static long current_rss_kb(void)
{
	FILE *fp = fopen("/proc/self/statm", "r");
	unsigned long size, resident;
	long kb = 0;

	if (fp && fscanf(fp, "%lu %lu", &size, &resident) == 2)
		kb = (long)(resident * (unsigned long)sysconf(_SC_PAGESIZE) / 1024);
	if (fp)
		fclose(fp);
	return kb;
}

/* ---- Queries file ---------------------------------------------------------- */

static size_t read_queries(const char *path, struct query **out)
{
	size_t len, n = 0, cap = 0;
	char *data = fs_read_file(path, &len, NULL), *line, *save = NULL;

	*out = NULL;
	if (!data) {
		fprintf(stderr, "bench_search: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		struct query *q;

		if (!t2 || !t2[1])
			continue;
		*out = xgrow(*out, &cap, n + 1, sizeof(**out));
		q = &(*out)[n++];
		memset(q, 0, sizeof(*q));
		q->cls = xstrndup(line, (size_t)(t1 - line));
		q->expect = xstrndup(t1 + 1, (size_t)(t2 - t1 - 1));
		q->text = xstrdup(t2 + 1);
	}
	free(data);
	return n;
}

/* ---- Report ---------------------------------------------------------------- */

static FILE *kvfp;
static const char *kvprefix = "pack";

static void kv(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void kv(const char *key, const char *fmt, ...)
{
	va_list ap;

	if (!kvfp)
		return;
	fprintf(kvfp, "%s.%s=", kvprefix, key);
	va_start(ap, fmt);
	vfprintf(kvfp, fmt, ap);
	va_end(ap);
	fputc('\n', kvfp);
}

struct stats {
	size_t n, withhits, found, expected;
	double median, p99, max, mean;
};

static void class_stats(const struct query *q, size_t nq, const char *cls,
			struct stats *s)
{
	double *v = xmalloc_array(nq + 1, sizeof(*v)), sum = 0;

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < nq; i++) {
		if (cls && strcmp(q[i].cls, cls) != 0)
			continue;
		v[s->n++] = q[i].ms;
		sum += q[i].ms;
		s->withhits += q[i].nhits > 0;
		if (q[i].found >= 0) {
			s->expected++;
			s->found += (size_t)q[i].found;
		}
	}
	s->median = median(v, s->n);
	s->p99 = percentile(v, s->n, 99);
	s->max = s->n ? v[s->n - 1] : 0;
	s->mean = s->n ? sum / (double)s->n : 0;
	free(v);
}

static void print_stats(const char *name, const struct stats *s)
{
	char found[32];

	if (s->expected)
		snprintf(found, sizeof(found), "%5.1f%% of %zu",
			 100.0 * (double)s->found / (double)s->expected, s->expected);
	else
		snprintf(found, sizeof(found), "-");
	printf("  %-12s %5zu %10.3f %10.3f %10.3f %10.3f %7.1f%%  %s\n", name, s->n,
	       s->median, s->p99, s->max, s->mean,
	       s->n ? 100.0 * (double)s->withhits / (double)s->n : 0.0, found);
	if (strcmp(name, "all") == 0) {
		kv("query_n", "%zu", s->n);
		kv("query_median_ms", "%.4f", s->median);
		kv("query_p99_ms", "%.4f", s->p99);
		kv("query_max_ms", "%.4f", s->max);
		kv("query_mean_ms", "%.4f", s->mean);
	} else {
		char key[96];

		snprintf(key, sizeof(key), "class.%s.n", name);
		kv(key, "%zu", s->n);
		snprintf(key, sizeof(key), "class.%s.median_ms", name);
		kv(key, "%.4f", s->median);
		snprintf(key, sizeof(key), "class.%s.p99_ms", name);
		kv(key, "%.4f", s->p99);
		snprintf(key, sizeof(key), "class.%s.max_ms", name);
		kv(key, "%.4f", s->max);
		snprintf(key, sizeof(key), "class.%s.withhits_pct", name);
		kv(key, "%.1f", s->n ? 100.0 * (double)s->withhits / (double)s->n : 0.0);
	}
}

static int cmp_slower(const void *a, const void *b)
{
	const struct query *x = *(const struct query *const *)a;
	const struct query *y = *(const struct query *const *)b;

	return (x->ms < y->ms) - (x->ms > y->ms);
}

static void print_slowest(const struct query *q, size_t nq, size_t k)
{
	const struct query **v = xmalloc_array(nq + 1, sizeof(*v));

	for (size_t i = 0; i < nq; i++)
		v[i] = &q[i];
	qsort(v, nq, sizeof(*v), cmp_slower);
	printf("  slowest:\n");
	for (size_t i = 0; i < nq && i < k; i++)
		printf("    %8.3f ms  %-11s %6zu hits  %.70s\n", v[i]->ms, v[i]->cls,
		       v[i]->nhits, v[i]->text);
	free(v);
}

/* ---- Main ------------------------------------------------------------------ */

static void usage(FILE *fp)
{
	fputs("Usage: bench_search [--no-builtin] [--content DIR]... [--queries FILE]\n"
	      "                    [--loads L] [--passes P] [--kv FILE] [--prefix NAME]\n", fp);
}

static size_t parse_count(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (end == s || *end || v == 0 || v > 1000000) {
		usage(stderr);
		exit(2);
	}
	return (size_t)v;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "no-builtin", no_argument, NULL, 'B' },
		{ "content", required_argument, NULL, 'C' },
		{ "queries", required_argument, NULL, 'q' },
		{ "loads", required_argument, NULL, 'L' },
		{ "passes", required_argument, NULL, 'P' },
		{ "kv", required_argument, NULL, 'k' },
		{ "prefix", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'B': o->builtin = false; break;
		case 'C':
			o->dirs = xgrow(o->dirs, &o->dirs_cap, o->ndirs + 1, sizeof(*o->dirs));
			o->dirs[o->ndirs++] = optarg;
			break;
		case 'q': o->queries = optarg; break;
		case 'L': o->loads = parse_count(optarg); break;
		case 'P': o->passes = parse_count(optarg); break;
		case 'k': o->kv = optarg; break;
		case 'p': o->prefix = optarg; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	static const char *const classes[] = {
		"code", "prefix", "message", "typo", "runtogether", "phrase", "log", "nomatch"
	};
	struct opts o = { true, NULL, 0, 0, NULL, NULL, "pack", 3, 3 };
	struct pack_set set;
	struct kb *kb = NULL;
	struct search_index *idx = NULL;
	struct diag_list dl = DIAG_LIST_INIT;
	double *load_ms, *index_ms, *total_ms, first_load = 0, first_index = 0;
	long rss_kb = 0, rss_start = current_rss_kb(), rss_load = 0, peak_load = 0, rss_index = 0;
	size_t arena_bytes = 0, ndiag = 0, nerr = 0;
	struct query *q = NULL;
	size_t nq = 0;

	parse_args(argc, argv, &o);
	kvprefix = o.prefix;
	if (o.kv) {
		kvfp = fopen(o.kv, "a");
		if (!kvfp) {
			fprintf(stderr, "bench_search: %s: %s\n", o.kv, strerror(errno));
			return 2;
		}
	}
	set.builtin = o.builtin ? builtin_pack : NULL;
	set.nbuiltin = o.builtin ? builtin_pack_count : 0;
	set.dirs = o.dirs;
	set.ndirs = o.ndirs;

	load_ms = xcalloc(o.loads, sizeof(*load_ms));
	index_ms = xcalloc(o.loads, sizeof(*index_ms));
	total_ms = xcalloc(o.loads, sizeof(*total_ms));
	for (size_t l = 0; l < o.loads; l++) {
		double t0, t1, t2;

		search_index_free(idx);
		kb_free(kb);
		diag_list_free(&dl);
		t0 = now_ms();
		kb = pack_load(&set, &dl);
		t1 = now_ms();
		if (l == 0) {
			rss_load = current_rss_kb();
			peak_load = peak_rss_kb();
		}
		idx = search_index_build(kb);
		t2 = now_ms();
		load_ms[l] = t1 - t0;
		index_ms[l] = t2 - t1;
		total_ms[l] = t2 - t0;
		if (l == 0) {
			first_load = load_ms[0];
			first_index = index_ms[0];
			/* The peak of the first round is the one a process sees. */
			rss_kb = peak_rss_kb();
			rss_index = current_rss_kb();
			arena_bytes = kb->arena.used_total;
			ndiag = dl.n;
			nerr = diag_count(&dl, DIAG_ERROR);
		}
	}
	if (ndiag) {
		fprintf(stderr, "bench_search: the packs gave %zu diagnostic(s), e.g.:\n", ndiag);
		for (size_t i = 0; i < dl.n && i < 5; i++)
			diag_print(stderr, &dl.v[i]);
	}

	printf("In-process load + index (%zu rounds; first, then median):\n", o.loads);
	printf("  articles %zu, distinct tokens %zu, diagnostics %zu (%zu errors)\n",
	       kb->narticles, search_index_ntokens(idx), ndiag, nerr);
	printf("  load   first %9.1f ms   median %9.1f ms\n", first_load, median(load_ms, o.loads));
	printf("  index  first %9.1f ms   median %9.1f ms\n", first_index, median(index_ms, o.loads));
	printf("  total  first %9.1f ms   median %9.1f ms\n", first_load + first_index,
	       median(total_ms, o.loads));
	printf("  RSS in the first round: at start %.1f MB; after load %.1f MB (peak %.1f);\n"
	       "    after index %.1f MB (peak %.1f); kb arena %.1f MB\n",
	       (double)rss_start / 1024, (double)rss_load / 1024, (double)peak_load / 1024,
	       (double)rss_index / 1024, (double)rss_kb / 1024, (double)arena_bytes / 1048576);
	kv("articles", "%zu", kb->narticles);
	kv("tokens", "%zu", search_index_ntokens(idx));
	kv("diagnostics", "%zu", ndiag);
	kv("load_first_ms", "%.2f", first_load);
	kv("index_first_ms", "%.2f", first_index);
	kv("load_ms", "%.2f", median(load_ms, o.loads));
	kv("index_ms", "%.2f", median(index_ms, o.loads));
	kv("loadindex_ms", "%.2f", median(total_ms, o.loads));
	kv("loadindex_first_ms", "%.2f", first_load + first_index);
	kv("inproc_rss_kb", "%ld", rss_kb);
	kv("inproc_rss_start_kb", "%ld", rss_start);
	kv("inproc_rss_load_kb", "%ld", rss_load);
	kv("inproc_peak_load_kb", "%ld", peak_load);
	kv("inproc_rss_index_kb", "%ld", rss_index);
	kv("arena_bytes", "%zu", arena_bytes);

	if (o.queries) {
		double *runs = xcalloc(o.passes, sizeof(*runs));
		struct stats s;

		nq = read_queries(o.queries, &q);
		/* Untimed pass: warms caches and collects what each query finds. */
		for (size_t i = 0; i < nq; i++) {
			struct search_hit *hits;
			size_t n = search_run(idx, q[i].text, 0, &hits);
			size_t want = strcmp(q[i].expect, "-") ? kb_find(kb, q[i].expect) : NO_ARTICLE;

			q[i].nhits = n;
			q[i].found = -1;
			if (want != NO_ARTICLE) {
				q[i].found = 0;
				for (size_t h = 0; h < n && h < 10; h++)
					if (hits[h].article == want)
						q[i].found = 1;
			}
			free(hits);
		}
		/* Pass-major order, so one query's runs are spread in time. */
		double *all = xcalloc(nq * o.passes + 1, sizeof(*all));

		for (size_t p = 0; p < o.passes; p++)
			for (size_t i = 0; i < nq; i++) {
				struct search_hit *hits;
				double t0 = now_ms();

				search_run(idx, q[i].text, 0, &hits);
				free(hits);
				all[i * o.passes + p] = now_ms() - t0;
			}
		for (size_t i = 0; i < nq; i++) {
			memcpy(runs, &all[i * o.passes], o.passes * sizeof(*runs));
			q[i].ms = median(runs, o.passes);
		}
		free(all);
		free(runs);

		printf("\nPer-query latency, search_run(no limit) as --search does (%zu queries;\n"
		       "each query's time = median of %zu timed runs after 1 untimed run):\n",
		       nq, o.passes);
		printf("  %-12s %5s %10s %10s %10s %10s %8s  %s\n", "class", "n", "median ms",
		       "p99 ms", "max ms", "mean ms", "w/ hits", "expected in top 10");
		for (size_t c = 0; c < sizeof(classes) / sizeof(classes[0]); c++) {
			class_stats(q, nq, classes[c], &s);
			if (s.n)
				print_stats(classes[c], &s);
		}
		class_stats(q, nq, NULL, &s);
		print_stats("all", &s);
		/* The slowest few, to see where p99 comes from. */
		print_slowest(q, nq, 5);
	}

	for (size_t i = 0; i < nq; i++) {
		free(q[i].cls);
		free(q[i].expect);
		free(q[i].text);
	}
	free(q);
	free(load_ms);
	free(index_ms);
	free(total_ms);
	search_index_free(idx);
	kb_free(kb);
	diag_list_free(&dl);
	free(o.dirs);
	if (kvfp && fclose(kvfp) != 0) {
		fprintf(stderr, "bench_search: %s: %s\n", o.kv, strerror(errno));
		return 2;
	}
	return ndiag ? 1 : 0;
}
