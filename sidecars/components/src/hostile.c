/* hostile: misbehaves on request, so the host's containment can be tested.
 *   loop     spins forever                 -> the epoch deadline stops it
 *   recurse  recurses without bound        -> the wasm stack limit stops it
 *   grow     memory.grow until refused     -> the store's memory limit refuses it; then it aborts the way
 *            a Rust guest does when an allocation fails (message on stderr, then a trap)
 *   trap     executes unreachable
 *   big      answers with 50 MB            -> the host's output cap refuses it
 *   ok       answers normally */
#include "guest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bytes_t provider_describe(void) {
  return answer_text("{\"provider_type\":\"greentic.sample.hostile\",\"capabilities\":[\"chaos\"],"
                     "\"ops\":[\"loop\",\"recurse\",\"grow\",\"trap\",\"big\",\"ok\"]}");
}

bytes_t provider_validate_config(bytes_t config) {
  (void)config;
  return answer_config_valid();
}

bytes_t provider_healthcheck(void) { return answer_healthy(); }

static volatile uint64_t sink;
static volatile uint64_t depth_limit = UINT64_MAX; /* volatile: the compiler cannot prove the recursion ends */

/* No locals in linear memory: each level costs only native wasm stack, so Wasmtime's stack limit is what stops
 * it (a C array here would overflow the shadow stack in linear memory first, which is an ordinary memory trap). */
__attribute__((noinline)) static uint64_t recurse(uint64_t n) {
  if (n == depth_limit) return n;
  uint64_t r = recurse(n + 1);
  sink += r;
  return r ^ n;
}

bytes_t provider_invoke(bytes_t op, bytes_t input) {
  (void)input;
  buf_t b = {0};
  if (eq(op, "loop")) {
    for (;;) sink++;
  }
  if (eq(op, "recurse")) {
    sink = recurse(0);
  }
  if (eq(op, "grow")) {
    for (;;) {
      if (__builtin_wasm_memory_grow(0, 16) == (size_t)-1) {
        fprintf(stderr, "memory allocation of %zu bytes failed\n", (size_t)16 * 65536);
        abort();
      }
    }
  }
  if (eq(op, "trap")) {
    __builtin_trap();
  }
  if (eq(op, "big")) {
    size_t n = 50u * 1024 * 1024;
    uint8_t *p = malloc(n);
    if (!p) abort();
    memset(p, 'x', n);
    bytes_t r = {p, n};
    return r;
  }
  put(&b, "{\"ok\":true,\"op\":");
  put_json_string(&b, op);
  put(&b, "}");
  return done(&b);
}
