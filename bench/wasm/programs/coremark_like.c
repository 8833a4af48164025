/* A CoreMark-like integer workload: linked-list find/reverse/sort, small integer matrix multiply, a state
   machine over a byte stream, and CRC-16 over the results (not the EEMBC code; the same kinds of work). */
#include <stdint.h>
#include <string.h>
#include "bench_clock.h"

typedef struct node { struct node *next; int16_t key; int16_t value; } node;

static uint16_t crc16(uint16_t crc, uint8_t byte) {
    for (int i = 0; i < 8; i++) {
        int mix = (crc ^ byte) & 1;
        crc >>= 1;
        if (mix) crc ^= 0xA001;
        byte >>= 1;
    }
    return crc;
}

static node *list_reverse(node *head) {
    node *prev = NULL;
    while (head) { node *next = head->next; head->next = prev; prev = head; head = next; }
    return prev;
}

static node *list_sort(node *list) { /* merge sort by value */
    if (!list || !list->next) return list;
    node *slow = list, *fast = list->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    node *right = slow->next;
    slow->next = NULL;
    node *a = list_sort(list), *b = list_sort(right), head, *tail = &head;
    while (a && b) {
        if (a->value <= b->value) { tail->next = a; a = a->next; } else { tail->next = b; b = b->next; }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return head.next;
}

#define N 24
static int32_t ma[N][N], mb[N][N], mc[N][N];

static uint32_t matrix_round(int seed) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) { ma[i][j] = (i * 7 + j * 3 + seed) & 0xff; mb[i][j] = (i * 5 - j + seed) & 0x7f; }
    uint32_t acc = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t s = 0;
            for (int k = 0; k < N; k++) s += ma[i][k] * mb[k][j];
            mc[i][j] = s;
            acc += (uint32_t)(s >> 2) ^ (uint32_t)i;
        }
    return acc;
}

static uint32_t state_machine(const char *text, int len) {
    enum { START, INT, FLOAT, EXP, INVALID } state = START;
    uint32_t counts[5] = {0};
    for (int i = 0; i < len; i++) {
        char c = text[i];
        if (c == ',') { counts[state]++; state = START; continue; }
        switch (state) {
        case START: state = (c >= '0' && c <= '9') || c == '-' ? INT : INVALID; break;
        case INT: if (c == '.') state = FLOAT; else if (c == 'e') state = EXP; else if (c < '0' || c > '9') state = INVALID; break;
        case FLOAT: if (c == 'e') state = EXP; else if (c < '0' || c > '9') state = INVALID; break;
        case EXP: if ((c < '0' || c > '9') && c != '-') state = INVALID; break;
        default: break;
        }
    }
    return counts[0] + counts[1] * 3 + counts[2] * 5 + counts[3] * 7 + counts[4] * 11;
}

int main(int argc, char **argv) {
    int iterations = bench_arg(argc, argv, 400);
    enum { NODES = 2000 };
    static node pool[NODES];
    static char text[8192];
    const char *pieces[] = {"123", "-45.6", "7e3", "x9", "0.5e-2", "88", "1.2.3", "-0"};
    int tl = 0;
    for (int i = 0; tl < (int)sizeof text - 16; i++) tl += sprintf(text + tl, "%s,", pieces[i % 8]);
    long long start = bench_now_ns();
    uint16_t crc = 0;
    for (int it = 0; it < iterations; it++) {
        for (int i = 0; i < NODES; i++) {
            pool[i].key = (int16_t)i;
            pool[i].value = (int16_t)((i * 7919 + it * 31) & 0x7fff);
            pool[i].next = i + 1 < NODES ? &pool[i + 1] : NULL;
        }
        node *list = list_reverse(&pool[0]);
        list = list_sort(list);
        int found = 0;
        for (node *p = list; p; p = p->next) if ((p->value & 0xff) == (it & 0xff)) found++;
        crc = crc16(crc, (uint8_t)found);
        crc = crc16(crc, (uint8_t)list->value);
        uint32_t m = matrix_round(it);
        crc = crc16(crc, (uint8_t)m);
        crc = crc16(crc, (uint8_t)(m >> 8));
        uint32_t s = state_machine(text, tl);
        crc = crc16(crc, (uint8_t)s);
    }
    long long ns = bench_now_ns() - start;
    bench_report("coremark_like", crc, ns);
    return 0;
}
