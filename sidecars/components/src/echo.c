/* echo: a well-behaved provider. invoke echoes {"ok":true,"op":...,"input":...}; op "fail" answers with a
 * retryable node-error; op "log" writes to stdout and stderr through WASI; op "clock" reads WASI clocks. */
#include "guest.h"

#include <stdio.h>
#include <time.h>

static bytes_t done(buf_t *b) { bytes_t r = {b->ptr, b->len}; return r; }

bytes_t provider_describe(void) {
  buf_t b = {0};
  put(&b, "{\"provider_type\":\"greentic.sample.echo\",\"capabilities\":[\"echo\"],"
          "\"ops\":[\"echo\",\"fail\",\"log\",\"clock\"]}");
  return done(&b);
}

bytes_t provider_validate_config(bytes_t config) {
  buf_t b = {0};
  if (config.len && config.ptr[0] == '{') put(&b, "{\"valid\":true}");
  else put(&b, "{\"valid\":false,\"errors\":[\"config must be a JSON object\"]}");
  return done(&b);
}

bytes_t provider_healthcheck(void) {
  buf_t b = {0};
  put(&b, "{\"status\":\"ok\"}");
  return done(&b);
}

bytes_t provider_invoke(bytes_t op, bytes_t input) {
  buf_t b = {0};
  if (eq(op, "fail")) {
    put(&b, "{\"ok\":false,\"error\":{\"code\":\"unavailable\",\"message\":\"upstream is busy\","
            "\"retryable\":true,\"backoff_ms\":250}}");
    return done(&b);
  }
  if (eq(op, "log")) {
    printf("echo says hello on stdout\n");
    fprintf(stderr, "echo says hello on stderr\n");
    fflush(stdout);
  }
  if (eq(op, "clock")) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    put(&b, "{\"ok\":true,\"op\":\"clock\",\"unix_seconds\":");
    put_u64(&b, (uint64_t)ts.tv_sec);
    put(&b, "}");
    return done(&b);
  }
  put(&b, "{\"ok\":true,\"op\":");
  put_json_string(&b, op);
  put(&b, ",\"input\":");
  put_json_or_null(&b, input);
  put(&b, "}");
  return done(&b);
}
