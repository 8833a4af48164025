#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Many allocations of varied sizes, reallocs and frees, so the guest heap grows memory several times. */
int main(void) {
    enum { SLOTS = 4096 };
    static unsigned char *slots[SLOTS];
    static size_t sizes[SLOTS];
    uint32_t seed = 12345;
    uint64_t checksum = 0;
    size_t peak = 0, live = 0;
    for (int round = 0; round < 200000; round++) {
        seed = seed * 1664525u + 1013904223u;
        int i = (seed >> 8) % SLOTS;
        size_t want = (seed >> 20) % 2048 + 1;
        if (slots[i] && (seed & 3) == 0) {
            unsigned char *p = realloc(slots[i], want * 2);
            if (!p) { printf("realloc failed\n"); return 1; }
            size_t keep = sizes[i] < want * 2 ? sizes[i] : want * 2;
            for (size_t k = 0; k < keep; k++) checksum += p[k];
            live += want * 2 - sizes[i];
            slots[i] = p;
            sizes[i] = want * 2;
        } else {
            if (slots[i]) { live -= sizes[i]; free(slots[i]); }
            slots[i] = malloc(want);
            if (!slots[i]) { printf("malloc failed\n"); return 1; }
            memset(slots[i], (int)(seed & 0xff), want);
            sizes[i] = want;
            live += want;
        }
        if (live > peak) peak = live;
    }
    for (int i = 0; i < SLOTS; i++) free(slots[i]);
    unsigned char *big = malloc(8 << 20);
    if (!big) { printf("big malloc failed\n"); return 1; }
    memset(big, 7, 8 << 20);
    for (size_t k = 0; k < (8u << 20); k += 4096) checksum += big[k];
    free(big);
    printf("checksum=%llu peak=%zu\n", (unsigned long long)checksum, peak);
    return 0;
}
