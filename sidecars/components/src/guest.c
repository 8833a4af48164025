/* Shared guest glue: output buffers, a tiny JSON reader for flat objects, cabi_realloc and the
 * schema-core-api exports. Every export returns list<u8> through a static return area (ptr, len). */
#include "guest.h"

#include <stdlib.h>
#include <string.h>

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
