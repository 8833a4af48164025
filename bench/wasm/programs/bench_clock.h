/* Shared by the workloads: a monotonic clock and the one-line report run.sh parses. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long bench_now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int bench_arg(int argc, char **argv, int fallback) {
    return argc > 1 ? atoi(argv[1]) : fallback;
}

static void bench_report(const char *name, unsigned long long checksum, long long ns) {
    printf("%s checksum=%llu ns=%lld\n", name, checksum, ns);
}
