/* Shared guest glue: output buffers, a tiny JSON reader for flat objects, cabi_realloc and the
 * schema-core-api exports. Every export returns list<u8> through a static return area (ptr, len). */
#include "guest.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void put_n(buf_t *b, const void *s, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n) cap *= 2;
    uint8_t *p = realloc(b->ptr, cap);
    if (!p) abort();
    b->ptr = p;
    b->cap = cap;
  }
  if (n) memcpy(b->ptr + b->len, s, n);
  b->len += n;
}

void put(buf_t *b, const char *s) { put_n(b, s, strlen(s)); }
void put_bytes(buf_t *b, bytes_t s) { put_n(b, s.ptr, s.len); }

void put_u64(buf_t *b, uint64_t v) {
  char tmp[24];
  int i = 24;
  do { tmp[--i] = (char)('0' + v % 10); v /= 10; } while (v);
  put_n(b, tmp + i, 24 - i);
}

void put_json_string(buf_t *b, bytes_t s) {
  static const char hex[] = "0123456789abcdef";
  put(b, "\"");
  for (size_t i = 0; i < s.len; i++) {
    uint8_t c = s.ptr[i];
    if (c == '"' || c == '\\') { put(b, "\\"); put_n(b, &c, 1); }
    else if (c < 0x20) { char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]}; put_n(b, e, 6); }
    else put_n(b, &c, 1);
  }
  put(b, "\"");
}

void put_json_or_null(buf_t *b, bytes_t s) {
  if (s.len) put_bytes(b, s); else put(b, "null");
}

bytes_t lit(const char *s) { bytes_t r = {(uint8_t *)s, strlen(s)}; return r; }

int eq(bytes_t a, const char *s) {
  size_t n = strlen(s);
  return a.len == n && (n == 0 || memcmp(a.ptr, s, n) == 0);
}

/* Finds "key" followed by optional spaces and a colon; returns the offset after the colon or -1. */
static long find_key(bytes_t json, const char *key) {
  size_t k = strlen(key);
  for (size_t i = 0; i + k + 2 <= json.len; i++) {
    if (json.ptr[i] != '"' || memcmp(json.ptr + i + 1, key, k) != 0 || json.ptr[i + 1 + k] != '"') continue;
    size_t j = i + k + 2;
    while (j < json.len && (json.ptr[j] == ' ' || json.ptr[j] == '\t')) j++;
    if (j < json.len && json.ptr[j] == ':') {
      j++;
      while (j < json.len && (json.ptr[j] == ' ' || json.ptr[j] == '\t')) j++;
      return (long)j;
    }
  }
  return -1;
}

bytes_t json_str(bytes_t json, const char *key) {
  bytes_t none = {0, 0};
  long at = find_key(json, key);
  if (at < 0 || (size_t)at >= json.len || json.ptr[at] != '"') return none;
  size_t start = (size_t)at + 1, end = start;
  while (end < json.len && json.ptr[end] != '"') end++;
  bytes_t r = {json.ptr + start, end - start};
  return r;
}

uint64_t json_u64(bytes_t json, const char *key) {
  long at = find_key(json, key);
  uint64_t v = 0;
  if (at < 0) return 0;
  for (size_t i = (size_t)at; i < json.len && json.ptr[i] >= '0' && json.ptr[i] <= '9'; i++) v = v * 10 + (json.ptr[i] - '0');
  return v;
}

/* A recursive-descent JSON syntax check: p is the cursor, end the limit; each returns 0 on a syntax error. */
typedef struct { const uint8_t *p, *end; int depth; } json_cursor_t;

static void ws(json_cursor_t *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static int lit_is(json_cursor_t *c, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0) return 0;
  c->p += n;
  return 1;
}

static int digits(json_cursor_t *c) {
  const uint8_t *start = c->p;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
  return c->p > start;
}

static int number(json_cursor_t *c) {
  if (c->p < c->end && *c->p == '-') c->p++;
  if (c->p < c->end && *c->p == '0') c->p++;
  else if (!digits(c)) return 0;
  if (c->p < c->end && *c->p == '.') { c->p++; if (!digits(c)) return 0; }
  if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
    c->p++;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-')) c->p++;
    if (!digits(c)) return 0;
  }
  return 1;
}

static int string(json_cursor_t *c) {
  c->p++; /* the opening quote */
  while (c->p < c->end) {
    uint8_t ch = *c->p++;
    if (ch == '"') return 1;
    if (ch < 0x20) return 0;
    if (ch != '\\') continue;
    if (c->p >= c->end) return 0;
    ch = *c->p++;
    if (ch == 'u') {
      for (int i = 0; i < 4; i++, c->p++)
        if (c->p >= c->end || !((*c->p >= '0' && *c->p <= '9') || ((*c->p | 0x20) >= 'a' && (*c->p | 0x20) <= 'f'))) return 0;
    } else if (ch == 0 || !strchr("\"\\/bfnrt", ch)) return 0;
  }
  return 0;
}

static int value(json_cursor_t *c);

static int members(json_cursor_t *c, uint8_t close, int keyed) {
  if (++c->depth > 64) return 0;
  c->p++; /* the opening bracket */
  ws(c);
  if (c->p < c->end && *c->p == close) { c->p++; c->depth--; return 1; }
  for (;;) {
    if (keyed) {
      if (c->p >= c->end || *c->p != '"' || !string(c)) return 0;
      ws(c);
      if (c->p >= c->end || *c->p++ != ':') return 0;
      ws(c);
    }
    if (!value(c)) return 0;
    ws(c);
    if (c->p >= c->end) return 0;
    if (*c->p == close) { c->p++; c->depth--; return 1; }
    if (*c->p++ != ',') return 0;
    ws(c);
  }
}

static int value(json_cursor_t *c) {
  if (c->p >= c->end) return 0;
  switch (*c->p) {
    case '{': return members(c, '}', 1);
    case '[': return members(c, ']', 0);
    case '"': return string(c);
    case 't': return lit_is(c, "true");
    case 'f': return lit_is(c, "false");
    case 'n': return lit_is(c, "null");
    default: return number(c);
  }
}

int json_valid(bytes_t s) {
  json_cursor_t c = {s.ptr, s.ptr + s.len, 0};
  ws(&c);
  if (!value(&c)) return 0;
  ws(&c);
  return c.p == c.end;
}

bytes_t done(buf_t *b) { bytes_t r = {b->ptr, b->len}; return r; }

bytes_t answer_text(const char *s) {
  buf_t b = {0};
  put(&b, s);
  return done(&b);
}

bytes_t answer_config_valid(void) { return answer_text("{\"valid\":true}"); }

bytes_t answer_healthy(void) { return answer_text("{\"status\":\"ok\"}"); }

bytes_t answer_node_error(const char *code, const char *message, bytes_t detail, int retryable, uint64_t backoff_ms) {
  buf_t b = {0};
  buf_t m = {0};
  put(&m, message);
  put_bytes(&m, detail);
  put(&b, "{\"ok\":false,\"error\":{\"code\":\"");
  put(&b, code);
  put(&b, "\",\"message\":");
  bytes_t text = {m.ptr, m.len};
  put_json_string(&b, text);
  put(&b, retryable ? ",\"retryable\":true" : ",\"retryable\":false");
  if (backoff_ms) { put(&b, ",\"backoff_ms\":"); put_u64(&b, backoff_ms); }
  put(&b, "}}");
  free(m.ptr);
  return done(&b);
}

bytes_t answer_unknown_op(bytes_t op) {
  buf_t quoted = {0};
  put(&quoted, "'");
  put_bytes(&quoted, op);
  put(&quoted, "'");
  bytes_t detail = {quoted.ptr, quoted.len};
  bytes_t r = answer_node_error("invalid-input", "unknown op ", detail, 0, 0);
  free(quoted.ptr);
  return r;
}

bytes_t answer_not_json(void) { return answer_node_error("invalid-input", "input is not valid JSON", lit(""), 0, 0); }

bytes_t answer_fail(void) { return answer_node_error("unavailable", "upstream is busy", lit(""), 1, 250); }

bytes_t answer_echo(bytes_t op, bytes_t input) {
  buf_t b = {0};
  put(&b, "{\"ok\":true,\"op\":");
  put_json_string(&b, op);
  put(&b, ",\"input\":");
  put_json_or_null(&b, input);
  put(&b, "}");
  return done(&b);
}

void busy_wait_ms(uint64_t ms) {
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int64_t limit = (int64_t)ms * 1000000;
  do {
    clock_gettime(CLOCK_MONOTONIC, &now);
  } while ((int64_t)(now.tv_sec - start.tv_sec) * 1000000000 + (now.tv_nsec - start.tv_nsec) < limit);
}

EXPORT("cabi_realloc")
void *cabi_realloc(void *old_ptr, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void *)align; /* a zero-length allocation needs only a well-aligned address */
  void *p = align > 16 ? aligned_alloc(align, (new_size + align - 1) / align * align) : realloc(old_ptr, new_size);
  if (!p) abort();
  return p;
}

static bytes_t ret_area;

static bytes_t *ret(bytes_t value) {
  ret_area = value;
  return &ret_area;
}

static bytes_t lifted(uint8_t *ptr, size_t len) {
  bytes_t b = {ptr, len};
  return b;
}

#define SCHEMA_CORE "greentic:provider-schema-core/schema-core-api@1.0.0#"

EXPORT(SCHEMA_CORE "describe")
bytes_t *export_describe(void) { return ret(provider_describe()); }

EXPORT(SCHEMA_CORE "validate-config")
bytes_t *export_validate_config(uint8_t *ptr, size_t len) { return ret(provider_validate_config(lifted(ptr, len))); }

EXPORT(SCHEMA_CORE "healthcheck")
bytes_t *export_healthcheck(void) { return ret(provider_healthcheck()); }

EXPORT(SCHEMA_CORE "invoke")
bytes_t *export_invoke(uint8_t *op, size_t op_len, uint8_t *input, size_t input_len) {
  return ret(provider_invoke(lifted(op, op_len), lifted(input, input_len)));
}
