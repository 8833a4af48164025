/* String work: build a ~1 MB JSON document, then tokenize it repeatedly (strings with escapes, numbers
   parsed to integers/fractions, keywords, nesting depth) and hash the token stream. */
#include <stdint.h>
#include <string.h>
#include "bench_clock.h"

static char *doc;
static size_t doc_len;

static void append(const char *s) { size_t n = strlen(s); memcpy(doc + doc_len, s, n); doc_len += n; }

static void build(void) {
    doc = malloc(1 << 21);
    doc_len = 0;
    char item[256];
    append("{\"items\":[");
    for (int i = 0; i < 6000; i++) {
        snprintf(item, sizeof item,
                 "%s{\"id\":%d,\"name\":\"item \\\"%d\\\" \\u00e9\\n\",\"price\":%d.%02d,\"tags\":[\"a\",\"bc\",\"def\"],"
                 "\"ok\":%s,\"none\":null,\"nested\":{\"x\":-%d,\"y\":[1,2,{\"z\":3e%d}]}}",
                 i ? "," : "", i, i * 7, i % 1000, i % 100, i % 3 ? "true" : "false", i, i % 9);
        append(item);
    }
    append("]}");
    doc[doc_len] = 0;
}

typedef struct { uint64_t hash; uint32_t tokens, strings, numbers, max_depth; } stats;

static void mix(stats *s, uint64_t v) { s->hash = (s->hash ^ v) * 1099511628211ULL; s->tokens++; }

static int tokenize(stats *s) {
    const char *p = doc, *end = doc + doc_len;
    uint32_t depth = 0;
    while (p < end) {
        char c = *p;
        switch (c) {
        case ' ': case '\n': case '\t': case '\r': p++; break;
        case '{': case '[': depth++; if (depth > s->max_depth) s->max_depth = depth; mix(s, (uint64_t)c); p++; break;
        case '}': case ']': depth--; mix(s, (uint64_t)c); p++; break;
        case ':': case ',': mix(s, (uint64_t)c); p++; break;
        case '"': {
            uint64_t h = 14695981039346656037ULL;
            p++;
            while (p < end && *p != '"') {
                char ch = *p++;
                if (ch == '\\') {
                    char e = *p++;
                    if (e == 'u') { unsigned v = 0; for (int k = 0; k < 4; k++) { char d = *p++; v = v * 16 + (d <= '9' ? d - '0' : (d | 32) - 'a' + 10); } ch = (char)v; }
                    else ch = e == 'n' ? '\n' : e == 't' ? '\t' : e;
                }
                h = (h ^ (uint8_t)ch) * 1099511628211ULL;
            }
            if (p >= end) return -1;
            p++;
            s->strings++;
            mix(s, h);
            break;
        }
        case 't': if (strncmp(p, "true", 4)) return -1; mix(s, 1); p += 4; break;
        case 'f': if (strncmp(p, "false", 5)) return -1; mix(s, 2); p += 5; break;
        case 'n': if (strncmp(p, "null", 4)) return -1; mix(s, 3); p += 4; break;
        default: {
            int neg = 0; int64_t ip = 0, frac = 0; int exp = 0;
            if (*p == '-') { neg = 1; p++; }
            if (*p < '0' || *p > '9') return -1;
            while (*p >= '0' && *p <= '9') ip = ip * 10 + (*p++ - '0');
            if (*p == '.') { p++; while (*p >= '0' && *p <= '9') frac = frac * 10 + (*p++ - '0'); }
            if (*p == 'e' || *p == 'E') { p++; if (*p == '-' || *p == '+') p++; while (*p >= '0' && *p <= '9') exp = exp * 10 + (*p++ - '0'); }
            s->numbers++;
            mix(s, (uint64_t)(neg ? -ip : ip) * 31 + (uint64_t)frac * 7 + (uint64_t)exp);
        }
        }
    }
    return depth == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
    int rounds = bench_arg(argc, argv, 60);
    build();
    long long start = bench_now_ns();
    stats s = {0};
    for (int r = 0; r < rounds; r++) {
        if (tokenize(&s) != 0) { printf("tokenize failed\n"); return 1; }
    }
    long long ns = bench_now_ns() - start;
    bench_report("json_tokenize", s.hash ^ s.tokens ^ ((uint64_t)s.strings << 20) ^ ((uint64_t)s.numbers << 40) ^ s.max_depth, ns);
    return 0;
}
