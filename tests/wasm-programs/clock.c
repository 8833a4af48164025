#include <stdio.h>
#include <time.h>

int main(void) {
    struct timespec rt, m1, m2, res;
    int ok = 1;
    ok &= clock_gettime(CLOCK_REALTIME, &rt) == 0;
    ok &= clock_gettime(CLOCK_MONOTONIC, &m1) == 0;
    volatile unsigned long spin = 0;
    for (unsigned long i = 0; i < 1000000; i++) spin += i;
    struct timespec nap = {0, 2000000};
    ok &= nanosleep(&nap, NULL) == 0;
    ok &= clock_gettime(CLOCK_MONOTONIC, &m2) == 0;
    ok &= clock_getres(CLOCK_MONOTONIC, &res) == 0;
    long long d = (m2.tv_sec - m1.tv_sec) * 1000000000LL + (m2.tv_nsec - m1.tv_nsec);
    printf("calls ok: %s\n", ok ? "yes" : "no");
    printf("realtime after 2020: %s\n", rt.tv_sec > 1577836800 ? "yes" : "no");
    printf("monotonic advanced by the 2 ms sleep: %s\n", d >= 2000000 ? "yes" : "no");
    printf("resolution positive: %s\n", (res.tv_sec > 0 || res.tv_nsec > 0) ? "yes" : "no");
    printf("time() agrees with realtime: %s\n", time(NULL) - rt.tv_sec < 5 ? "yes" : "no");
    return 0;
}
