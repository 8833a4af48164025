/* The guest of abi-probe.wit, with canonical ABI glue written by hand. */
#include "cabi.h"

void heap_reset(void);
void *heap_alloc(size_t align, size_t size);

/* variant mixed { a(u32), b(f32), c(u64), d(f64), e }: u8 tag, payload at 8 */
typedef struct { uint8_t tag; union { uint32_t a; float b; uint64_t c; double d; } val; } mixed_t;
typedef struct { float x; double y; uint32_t tag; uint8_t ok; } point_t;
typedef struct { mixed_t v; point_t p; } mixed_point_t;

#define PROBE "test:abi/probe@0.1.0#"
#define POST(name, fn) EXPORT("cabi_post_" PROBE name) void fn(void *r) { (void)r; heap_reset(); }

/* The flat form of mixed is (i32 tag, i64 joined payload): f32 travels as its bits, f64 as its bits. */
static mixed_t mixed_from_flat(int32_t tag, int64_t bits) {
  mixed_t m;
  memset(&m, 0, sizeof m);
  m.tag = (uint8_t)tag;
  switch (tag) {
    case 0: m.val.a = (uint32_t)bits; break;
    case 1: { uint32_t u = (uint32_t)bits; memcpy(&m.val.b, &u, 4); break; }
    case 2: m.val.c = (uint64_t)bits; break;
    case 3: memcpy(&m.val.d, &bits, 8); break;
    default: break;
  }
  return m;
}

static int64_t mixed_payload_bits(const mixed_t *m) {
  switch (m->tag) {
    case 0: return m->val.a;
    case 1: { uint32_t u; memcpy(&u, &m->val.b, 4); return u; }
    case 2: return (int64_t)m->val.c;
    case 3: { int64_t b; memcpy(&b, &m->val.d, 8); return b; }
    default: return 0;
  }
}

static mixed_t ret_mixed;
EXPORT(PROBE "bump") mixed_t *bump(int32_t tag, int64_t bits) {
  mixed_t m = mixed_from_flat(tag, bits);
  switch (m.tag) {
    case 0: m.val.a += 1; break;
    case 1: m.val.b *= 2; break;
    case 2: m.val.c *= 3; break;
    case 3: m.val.d = -m.val.d; break;
    default: m.tag = 3; m.val.d = 0.25; break;
  }
  ret_mixed = m;
  return &ret_mixed;
}
POST("bump", bump_post)

EXPORT(PROBE "invert") int32_t invert(int32_t flags) { return flags ^ 7; }

EXPORT(PROBE "next-char") int32_t next_char(int32_t c) {
  if (c == 0xD7FF) return 0xE000;
  if (c == 0x10FFFF) return 0;
  return c + 1;
}

static point_t ret_point;
EXPORT(PROBE "scale") point_t *scale(float x, double y, int32_t tag, int32_t ok, double k) {
  ret_point.x = (float)(x * k);
  ret_point.y = y * k;
  ret_point.tag = (uint32_t)tag;
  ret_point.ok = !ok;
  return &ret_point;
}
POST("scale", scale_post)

typedef struct {
  int8_t a; uint8_t b; int16_t c; uint16_t d; int32_t e; uint32_t f; int64_t g; uint64_t h; float i; double j;
  uint8_t k; uint32_t l; int8_t m, n, o, p, q;
} sum17_params_t;
EXPORT(PROBE "sum17") int64_t sum17(sum17_params_t *a) {
  return a->a + a->b + a->c + a->d + (int64_t)a->e + (int64_t)a->f + a->g + (int64_t)a->h + (int64_t)a->i + (int64_t)a->j +
         a->k + (int64_t)a->l + a->m + a->n + a->o + a->p + a->q;
}

static bytes_t ret_list;
EXPORT(PROBE "words") bytes_t *words(uint8_t *s, size_t len) {
  size_t count = 0;
  for (size_t i = 0; i < len; i++) if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ')) count++;
  bytes_t *out = heap_alloc(4, count * sizeof(bytes_t));
  size_t w = 0;
  for (size_t i = 0; i < len;) {
    while (i < len && s[i] == ' ') i++;
    size_t start = i;
    while (i < len && s[i] != ' ') i++;
    if (i > start) { out[w].ptr = s + start; out[w].len = i - start; w++; }
  }
  ret_list.ptr = (uint8_t *)out;
  ret_list.len = count;
  return &ret_list;
}
POST("words", words_post)

typedef struct { int32_t min, max; int64_t sum; } stats_t;
static stats_t ret_stats;
EXPORT(PROBE "stats") stats_t *stats(int32_t *xs, size_t len) {
  stats_t s = {0, 0, 0};
  for (size_t i = 0; i < len; i++) {
    if (i == 0 || xs[i] < s.min) s.min = xs[i];
    if (i == 0 || xs[i] > s.max) s.max = xs[i];
    s.sum += xs[i];
  }
  ret_stats = s;
  return &ret_stats;
}
POST("stats", stats_post)

/* result<option<u8>, string>: u8 tag, payload at 4 (option<u8> is 2 bytes, string is 8) */
typedef struct { uint8_t is_err; union { struct { uint8_t is_some; uint8_t val; } ok; bytes_t err; } val; } classify_t;
static classify_t ret_classify;
EXPORT(PROBE "classify") classify_t *classify(int64_t x) {
  memset(&ret_classify, 0, sizeof ret_classify);
  if (x < 0) {
    static const char msg[] = "negative: caf\xc3\xa9";
    ret_classify.is_err = 1;
    ret_classify.val.err.ptr = (uint8_t *)msg;
    ret_classify.val.err.len = sizeof msg - 1;
  } else if (x > 255) {
    ret_classify.val.ok.is_some = 0;
  } else {
    ret_classify.val.ok.is_some = 1;
    ret_classify.val.ok.val = (uint8_t)x;
  }
  return &ret_classify;
}
POST("classify", classify_post)

/* transform(v: mixed, p: point) flattens to 6 values; its tuple result comes back through a return area. */
IMPORT("test:abi/host@0.1.0", "transform")
void host_transform(int32_t tag, int64_t bits, float x, double y, int32_t ch, int32_t ok, mixed_point_t *ret);

static mixed_point_t ret_relay;
EXPORT(PROBE "relay") mixed_point_t *relay(int32_t tag, int64_t bits, float x, double y, int32_t ch, int32_t ok) {
  mixed_t m = mixed_from_flat(tag, bits);
  host_transform(m.tag, mixed_payload_bits(&m), x, y, ch, ok, &ret_relay);
  return &ret_relay;
}
POST("relay", relay_post)
