/* A sample Greentic provider (world greentic:provider-schema-core/schema-core@1.0.0) written against the
 * canonical ABI by hand. Ops: echo, count (state-store read/write with a tenant-ctx), state-get (read without
 * ctx), secret-len (secrets-store get), log (logger-api log), trap. */
#include "cabi.h"

void heap_reset(void);
void *heap_alloc(size_t align, size_t size);

/* ---- a growable output buffer ---- */
typedef struct { uint8_t *ptr; size_t len, cap; } buf_t;

static void put_n(buf_t *b, const void *s, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 64);
    while (cap < b->len + n) cap *= 2;
    uint8_t *p = heap_alloc(1, cap);
    if (b->len) memcpy(p, b->ptr, b->len);
    b->ptr = p;
    b->cap = cap;
  }
  memcpy(b->ptr + b->len, s, n);
  b->len += n;
}

static size_t cstrlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static void put(buf_t *b, const char *s) { put_n(b, s, cstrlen(s)); }
static void put_bytes(buf_t *b, bytes_t s) { put_n(b, s.ptr, s.len); }

static void put_u64(buf_t *b, uint64_t v) {
  char tmp[24]; int i = 24;
  do { tmp[--i] = (char)('0' + v % 10); v /= 10; } while (v);
  put_n(b, tmp + i, 24 - i);
}

/* A JSON string literal; the bytes are copied as they are (valid UTF-8 in, valid UTF-8 out). */
static void put_json_string(buf_t *b, bytes_t s) {
  put(b, "\"");
  for (size_t i = 0; i < s.len; i++) {
    uint8_t c = s.ptr[i];
    if (c == '"' || c == '\\') { put(b, "\\"); put_n(b, &c, 1); }
    else if (c < 0x20) { static const char hex[] = "0123456789abcdef"; char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]}; put_n(b, e, 6); }
    else put_n(b, &c, 1);
  }
  put(b, "\"");
}

static bytes_t lit(const char *s) { bytes_t r = {(uint8_t *)s, cstrlen(s)}; return r; }
static opt_bytes_t some(const char *s) { opt_bytes_t r = {1, lit(s)}; return r; }
static int eq(bytes_t a, const char *s) {
  size_t n = cstrlen(s);
  if (a.len != n) return 0;
  for (size_t i = 0; i < n; i++) if (a.ptr[i] != (uint8_t)s[i]) return 0;
  return 1;
}

/* The export return area: list<u8> as (ptr, len). */
static bytes_t ret_area;

static bytes_t *finish(buf_t *b) {
  ret_area.ptr = b->ptr;
  ret_area.len = b->len;
  return &ret_area;
}

static void post_return(bytes_t *ret) { (void)ret; heap_reset(); }

/* A tenant context with every kind of field set, so the host lifts options, lists of tuples, s64 and a nested record. */
static void sample_ctx(opt_tenant_ctx_t *c) {
  memset(c, 0, sizeof *c);
  c->is_some = 1;
  tenant_ctx_t *t = &c->val;
  t->env = lit("dev");
  t->tenant = lit("acme");
  t->tenant_id = lit("acme-01");
  t->team = some("ops");
  t->user_id = some("u-42");
  t->correlation_id = some("corr-\xc3\xa9\xe2\x82\xac"); /* "corr-é€" */
  static pair_t attrs[2];
  attrs[0].key = lit("region"); attrs[0].value = lit("eu");
  attrs[1].key = lit("tier"); attrs[1].value = lit("");
  t->attributes.ptr = attrs;
  t->attributes.len = 2;
  t->deadline_ms.is_some = 1;
  t->deadline_ms.val = -1234567890123LL;
  t->attempt = 3;
  t->impersonation.is_some = 1;
  t->impersonation.val.actor_id = lit("admin");
}

static bytes_t strip_quotes(bytes_t s) {
  if (s.len >= 2 && s.ptr[0] == '"' && s.ptr[s.len - 1] == '"') { s.ptr++; s.len -= 2; }
  return s;
}

static void put_host_error(buf_t *b, host_error_t *e) {
  put(b, "{\"code\":"); put_json_string(b, e->code);
  put(b, ",\"message\":"); put_json_string(b, e->message); put(b, "}");
}

static void op_count(buf_t *b) {
  state_read_params_t rp;
  rp.key = lit("counter");
  sample_ctx(&rp.ctx);
  state_read_result_t rr;
  state_read(&rp, &rr);
  uint64_t n = 0;
  if (!rr.is_err) for (size_t i = 0; i < rr.val.ok.len; i++) n = n * 10 + (rr.val.ok.ptr[i] - '0');
  n++;
  buf_t digits = {0};
  put_u64(&digits, n);
  state_write_params_t wp;
  wp.key = lit("counter");
  wp.bytes.ptr = digits.ptr;
  wp.bytes.len = digits.len;
  sample_ctx(&wp.ctx);
  ack_result_t wr;
  state_write(&wp, &wr);
  put(b, "{\"ok\":true,\"count\":"); put_u64(b, n);
  put(b, ",\"read\":");
  if (rr.is_err) put_host_error(b, &rr.val.err); else put(b, "\"ok\"");
  put(b, ",\"write\":");
  if (wr.is_err) put_host_error(b, &wr.val.err); else put(b, wr.val.ok == 0 ? "\"ok\"" : "\"?\"");
  put(b, "}");
}

static void op_state_get(buf_t *b, bytes_t input) {
  state_read_params_t rp;
  memset(&rp, 0, sizeof rp);
  rp.key = strip_quotes(input);
  rp.ctx.is_some = 0;
  state_read_result_t rr;
  state_read(&rp, &rr);
  if (rr.is_err) { put(b, "{\"ok\":false,\"error\":"); put_host_error(b, &rr.val.err); put(b, "}"); return; }
  put(b, "{\"ok\":true,\"value\":"); put_json_string(b, rr.val.ok); put(b, "}");
}

static void op_secret_len(buf_t *b, bytes_t input) {
  bytes_t key = strip_quotes(input);
  secrets_get_result_t r;
  secrets_get(key.ptr, key.len, &r);
  static const char *errors[] = {"not-found", "denied", "invalid-key", "internal"};
  if (r.is_err) { put(b, "{\"ok\":false,\"error\":{\"code\":\""); put(b, errors[r.val.err & 3]); put(b, "\"}}"); return; }
  if (!r.val.ok.is_some) { put(b, "{\"ok\":true,\"missing\":true}"); return; }
  put(b, "{\"ok\":true,\"len\":"); put_u64(b, r.val.ok.val.len); put(b, "}");
}

static void op_log(buf_t *b, bytes_t input) {
  log_params_t p;
  memset(&p, 0, sizeof p);
  p.span.tenant = lit("acme");
  p.span.session_id = some("s-1");
  p.span.flow_id = lit("f-1");
  p.span.provider = lit("sample");
  p.span.start_ms.is_some = 1;
  p.span.start_ms.val = 1700000000123ULL;
  static pair_t fields[2];
  fields[0].key = lit("op"); fields[0].value = lit("log");
  fields[1].key = lit("input"); fields[1].value = input;
  p.fields.ptr = fields;
  p.fields.len = 2;
  sample_ctx(&p.ctx);
  ack_result_t r;
  logger_log(&p, &r);
  if (r.is_err) { put(b, "{\"ok\":false,\"error\":"); put_host_error(b, &r.val.err); put(b, "}"); return; }
  put(b, "{\"ok\":true,\"logged\":true}");
}

#define API "greentic:provider-schema-core/schema-core-api@1.0.0"

EXPORT(API "#describe")
bytes_t *describe(void) {
  buf_t b = {0};
  put(&b, "{\"provider_type\":\"sample.cabi\",\"capabilities\":[\"state\",\"secrets\",\"telemetry\"],"
          "\"ops\":[\"echo\",\"count\",\"state-get\",\"secret-len\",\"log\",\"trap\"]}");
  return finish(&b);
}
EXPORT("cabi_post_" API "#describe") void describe_post(bytes_t *r) { post_return(r); }

EXPORT(API "#validate-config")
bytes_t *validate_config(uint8_t *cfg, size_t len) {
  buf_t b = {0};
  size_t i = 0;
  while (i < len && (cfg[i] == ' ' || cfg[i] == '\n' || cfg[i] == '\t' || cfg[i] == '\r')) i++;
  if (i < len && cfg[i] == '{') put(&b, "{\"valid\":true}");
  else put(&b, "{\"valid\":false,\"error\":\"config must be a JSON object\"}");
  return finish(&b);
}
EXPORT("cabi_post_" API "#validate-config") void validate_config_post(bytes_t *r) { post_return(r); }

EXPORT(API "#healthcheck")
bytes_t *healthcheck(void) {
  buf_t b = {0};
  put(&b, "{\"status\":\"ok\"}");
  return finish(&b);
}
EXPORT("cabi_post_" API "#healthcheck") void healthcheck_post(bytes_t *r) { post_return(r); }

EXPORT(API "#invoke")
bytes_t *invoke(uint8_t *op_ptr, size_t op_len, uint8_t *in_ptr, size_t in_len) {
  bytes_t op = {op_ptr, op_len}, input = {in_ptr, in_len};
  buf_t b = {0};
  if (eq(op, "echo")) {
    put(&b, "{\"ok\":true,\"op\":\"echo\",\"input\":");
    if (input.len) put_bytes(&b, input); else put(&b, "null");
    put(&b, "}");
  } else if (eq(op, "count")) op_count(&b);
  else if (eq(op, "state-get")) op_state_get(&b, input);
  else if (eq(op, "secret-len")) op_secret_len(&b, input);
  else if (eq(op, "log")) op_log(&b, input);
  else if (eq(op, "trap")) __builtin_trap();
  else {
    put(&b, "{\"ok\":false,\"error\":{\"code\":\"invalid-input\",\"message\":");
    buf_t msg = {0};
    put(&msg, "unknown op: ");
    put_bytes(&msg, op);
    bytes_t m = {msg.ptr, msg.len};
    put_json_string(&b, m);
    put(&b, ",\"retryable\":false}}");
  }
  return finish(&b);
}
EXPORT("cabi_post_" API "#invoke") void invoke_post(bytes_t *r) { post_return(r); }
