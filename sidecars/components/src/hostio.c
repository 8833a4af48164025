/* hostio: reaches the host's secrets, state, http and telemetry imports and reports what it saw; it also serves the
 * conformance op set (docs/conformance.md) but `context`, which a component cannot observe.
 * invoke ops (input is a flat JSON object):
 *   run       {"secret":NAME,"state_key":K,"state_value":V,"url":U} -> secret get, state read/write/read/delete,
 *             one logger-api log, one HTTP GET
 *   http      {"url":U}     -> one HTTP GET
 *   state     {"state_key":K,"state_value":V} -> write then read
 *   secret    {"secret":NAME}
 *   state_put {"state_key":K,"state_value":V} -> write
 *   state_get {"state_key":K} -> read
 *   sleep     {"ms":N,"state_key":K?} -> waits N ms (the host's deadline stops it), then writes K = "slept"
 *   echo, fail -> as the echo sample
 * Input that is not JSON, and any other op, answer an invalid-input node-error. */
#include "greentic_imports.h"

#include <stdlib.h>
#include <string.h>

bytes_t provider_describe(void) {
  return answer_text("{\"provider_type\":\"greentic.sample.hostio\",\"capabilities\":[\"secrets\",\"state\",\"http\",\"telemetry\"],"
                     "\"ops\":[\"run\",\"http\",\"state\",\"secret\",\"state_put\",\"state_get\",\"sleep\",\"echo\",\"fail\"]}");
}

bytes_t provider_validate_config(bytes_t config) {
  (void)config;
  return answer_config_valid();
}

bytes_t provider_healthcheck(void) { return answer_healthy(); }

static const char *const secrets_errors[] = {"not-found", "denied", "invalid-key", "internal"};

static void put_host_error(buf_t *b, const host_error_t *e) {
  put(b, "{\"code\":");
  put_json_string(b, e->code);
  put(b, ",\"message\":");
  put_json_string(b, e->message);
  put(b, "}");
}

static void report_secret(buf_t *b, bytes_t name) {
  secrets_get_result_t r;
  memset(&r, 0, sizeof r);
  secrets_get(name.ptr, name.len, &r);
  put(b, "\"secret\":");
  if (r.is_err) {
    put(b, "{\"error\":\"");
    put(b, r.val.err < 4 ? secrets_errors[r.val.err] : "?");
    put(b, "\"}");
  } else if (!r.val.ok.is_some) {
    put(b, "{\"found\":false}");
  } else {
    put(b, "{\"found\":true,\"value\":");
    put_json_string(b, r.val.ok.val);
    put(b, "}");
  }
}

static void report_read(buf_t *b, const char *label, bytes_t key) {
  state_key_params_t p;
  memset(&p, 0, sizeof p);
  p.key = key;
  bytes_result_t r;
  memset(&r, 0, sizeof r);
  state_read(&p, &r);
  put(b, "\"");
  put(b, label);
  put(b, "\":");
  if (r.is_err) { put(b, "{\"error\":"); put_host_error(b, &r.val.err); put(b, "}"); }
  else { put(b, "{\"value\":"); put_json_string(b, r.val.ok); put(b, "}"); }
}

static void report_ack(buf_t *b, const char *label, const ack_result_t *r) {
  put(b, "\"");
  put(b, label);
  put(b, "\":");
  if (r->is_err) { put(b, "{\"error\":"); put_host_error(b, &r->val.err); put(b, "}"); }
  else put(b, "{\"ok\":true}");
}

static void write_state(buf_t *b, const char *label, bytes_t key, bytes_t value) {
  state_write_params_t p;
  memset(&p, 0, sizeof p);
  p.key = key;
  p.bytes = value;
  ack_result_t r;
  memset(&r, 0, sizeof r);
  state_write(&p, &r);
  if (label) report_ack(b, label, &r);
}

static void report_write(buf_t *b, bytes_t key, bytes_t value) { write_state(b, "write", key, value); }

static void report_delete(buf_t *b, bytes_t key) {
  state_key_params_t p;
  memset(&p, 0, sizeof p);
  p.key = key;
  ack_result_t r;
  memset(&r, 0, sizeof r);
  state_delete(&p, &r);
  report_ack(b, "delete", &r);
}

static void report_http(buf_t *b, bytes_t url) {
  static pair_t headers[1];
  headers[0].key = lit("accept");
  headers[0].value = lit("text/plain");
  http_send_params_t p;
  memset(&p, 0, sizeof p);
  p.req.method = lit("GET");
  p.req.url = url;
  p.req.headers.ptr = headers;
  p.req.headers.len = 1;
  p.opts.is_some = 1;
  p.opts.val.timeout_ms.is_some = 1;
  p.opts.val.timeout_ms.val = 5000;
  http_result_t r;
  memset(&r, 0, sizeof r);
  http_send(&p, &r);
  put(b, "\"http\":");
  if (r.is_err) { put(b, "{\"error\":"); put_host_error(b, &r.val.err); put(b, "}"); return; }
  put(b, "{\"status\":");
  put_u64(b, r.val.ok.status);
  put(b, ",\"headers\":");
  put_u64(b, r.val.ok.headers.len);
  put(b, ",\"body\":");
  if (r.val.ok.body.is_some) put_json_string(b, r.val.ok.body.val); else put(b, "null");
  put(b, "}");
}

static void log_once(bytes_t op) {
  static pair_t fields[2];
  fields[0].key = lit("event");
  fields[0].value = lit("hostio.invoke");
  fields[1].key = lit("op");
  fields[1].value = op;
  log_params_t p;
  memset(&p, 0, sizeof p);
  p.span.tenant = lit("guest-claims-tenant");
  p.span.flow_id = lit("sample-flow");
  p.span.provider = lit("greentic.sample.hostio");
  p.fields.ptr = fields;
  p.fields.len = 2;
  ack_result_t r;
  memset(&r, 0, sizeof r);
  logger_log(&p, &r);
}

bytes_t provider_invoke(bytes_t op, bytes_t input) {
  if (input.len && !json_valid(input)) return answer_not_json();
  if (eq(op, "echo")) return answer_echo(op, input);
  if (eq(op, "fail")) return answer_fail();
  buf_t b = {0};
  bytes_t key = json_str(input, "state_key");
  put(&b, "{\"ok\":true,\"op\":");
  put_json_string(&b, op);
  if (eq(op, "run")) {
    log_once(op);
    put(&b, ",");
    report_secret(&b, json_str(input, "secret"));
    put(&b, ",");
    report_read(&b, "state_before", key);
    put(&b, ",");
    report_write(&b, key, json_str(input, "state_value"));
    put(&b, ",");
    report_read(&b, "state_after", key);
    put(&b, ",");
    report_delete(&b, key);
    put(&b, ",");
    report_http(&b, json_str(input, "url"));
  } else if (eq(op, "http")) {
    put(&b, ",");
    report_http(&b, json_str(input, "url"));
  } else if (eq(op, "state")) {
    put(&b, ",");
    report_write(&b, key, json_str(input, "state_value"));
    put(&b, ",");
    report_read(&b, "state_after", key);
  } else if (eq(op, "secret")) {
    put(&b, ",");
    report_secret(&b, json_str(input, "secret"));
  } else if (eq(op, "state_put")) {
    put(&b, ",");
    report_write(&b, key, json_str(input, "state_value"));
  } else if (eq(op, "state_get")) {
    put(&b, ",");
    report_read(&b, "state", key);
  } else if (eq(op, "sleep")) {
    uint64_t ms = json_u64(input, "ms");
    busy_wait_ms(ms);
    if (key.len) write_state(&b, NULL, key, lit("slept"));
    put(&b, ",\"slept_ms\":");
    put_u64(&b, ms);
  } else {
    free(b.ptr);
    return answer_unknown_op(op);
  }
  put(&b, "}");
  return done(&b);
}
