/* echo: a well-behaved provider with the conformance ops it can serve without host imports (docs/conformance.md).
 * invoke: "echo" echoes {"ok":true,"op":...,"input":...}; "fail" answers a retryable node-error; "sleep" {"ms":N}
 * waits N ms (the host's deadline stops it); "log" writes to stdout and stderr through WASI, then echoes; "clock" reads
 * WASI clocks. Input that is not JSON, and any other op, answer an invalid-input node-error. */
#include "guest.h"

#include <stdio.h>
#include <time.h>

bytes_t provider_describe(void) {
  return answer_text("{\"provider_type\":\"greentic.sample.echo\",\"capabilities\":[\"echo\"],"
                     "\"ops\":[\"echo\",\"fail\",\"sleep\",\"log\",\"clock\"]}");
}

bytes_t provider_validate_config(bytes_t config) {
  if (config.len && config.ptr[0] == '{' && json_valid(config)) return answer_config_valid();
  return answer_text("{\"valid\":false,\"errors\":[\"config must be a JSON object\"]}");
}

bytes_t provider_healthcheck(void) { return answer_healthy(); }

bytes_t provider_invoke(bytes_t op, bytes_t input) {
  if (input.len && !json_valid(input)) return answer_not_json();
  if (eq(op, "echo")) return answer_echo(op, input);
  if (eq(op, "fail")) return answer_fail();
  if (eq(op, "sleep")) {
    uint64_t ms = json_u64(input, "ms");
    busy_wait_ms(ms);
    buf_t b = {0};
    put(&b, "{\"ok\":true,\"op\":\"sleep\",\"slept_ms\":");
    put_u64(&b, ms);
    put(&b, "}");
    return done(&b);
  }
  if (eq(op, "log")) {
    printf("echo says hello on stdout\n");
    fprintf(stderr, "echo says hello on stderr\n");
    fflush(stdout);
    return answer_echo(op, input);
  }
  if (eq(op, "clock")) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    buf_t b = {0};
    put(&b, "{\"ok\":true,\"op\":\"clock\",\"unix_seconds\":");
    put_u64(&b, (uint64_t)ts.tv_sec);
    put(&b, "}");
    return done(&b);
  }
  return answer_unknown_op(op);
}
