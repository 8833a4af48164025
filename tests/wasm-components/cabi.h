/* Canonical ABI glue written by hand (no wit-bindgen): the memory layout of the WIT types the sample provider
 * uses, and the core imports. wasm32 C struct layout (natural alignment, size rounded to alignment) is the
 * canonical ABI's record layout, and option<T> / result<T, E> are a u8 discriminant followed by the payload at
 * the payload's alignment, so plain structs and unions describe them exactly. */
#ifndef GREENTIC_CABI_H
#define GREENTIC_CABI_H

#include <stddef.h>
#include <stdint.h>

/* No libc: alloc.c defines these over memory.copy / memory.fill (-mbulk-memory). */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

/* string and list<u8>: pointer + length */
typedef struct { uint8_t *ptr; size_t len; } bytes_t;
typedef struct { uint8_t is_some; bytes_t val; } opt_bytes_t;
typedef struct { bytes_t key; bytes_t value; } pair_t;
typedef struct { pair_t *ptr; size_t len; } pairs_t;
typedef struct { uint8_t is_some; int64_t val; } opt_s64_t;
typedef struct { uint8_t is_some; uint64_t val; } opt_u64_t;
typedef struct { bytes_t actor_id; opt_bytes_t reason; } impersonation_t;
typedef struct { uint8_t is_some; impersonation_t val; } opt_impersonation_t;

/* greentic:interfaces-types/types@0.1.0.tenant-ctx, fields in WIT order */
typedef struct {
  bytes_t env, tenant, tenant_id;
  opt_bytes_t team, team_id, user, user_id, trace_id, i18n_id, correlation_id;
  pairs_t attributes;
  opt_bytes_t session_id, flow_id, node_id, provider_id;
  opt_s64_t deadline_ms;
  uint32_t attempt;
  opt_bytes_t idempotency_key;
  opt_impersonation_t impersonation;
} tenant_ctx_t;
typedef struct { uint8_t is_some; tenant_ctx_t val; } opt_tenant_ctx_t;

typedef struct {
  bytes_t tenant;
  opt_bytes_t session_id;
  bytes_t flow_id;
  opt_bytes_t node_id;
  bytes_t provider;
  opt_u64_t start_ms, end_ms;
} span_context_t;

typedef struct { bytes_t code; bytes_t message; } host_error_t;

/* result<option<list<u8>>, secrets-error> */
typedef struct { uint8_t is_err; union { opt_bytes_t ok; uint8_t err; } val; } secrets_get_result_t;
/* result<list<u8>, host-error> */
typedef struct { uint8_t is_err; union { bytes_t ok; host_error_t err; } val; } state_read_result_t;
/* result<op-ack, host-error> */
typedef struct { uint8_t is_err; union { uint8_t ok; host_error_t err; } val; } ack_result_t;

/* Parameter tuples of imports whose flattened parameters exceed 16 values: passed by pointer. */
typedef struct { bytes_t key; opt_tenant_ctx_t ctx; } state_read_params_t;
typedef struct { bytes_t key; bytes_t bytes; opt_tenant_ctx_t ctx; } state_write_params_t;
typedef struct { span_context_t span; pairs_t fields; opt_tenant_ctx_t ctx; } log_params_t;

/* get(key: string) flattens to 2 values; its result does not fit one, so the last parameter is a return area. */
IMPORT("greentic:secrets-store/secrets-store@1.1.0", "get")
void secrets_get(uint8_t *key, size_t key_len, secrets_get_result_t *ret);
IMPORT("greentic:state/state-store@1.0.0", "read")
void state_read(state_read_params_t *params, state_read_result_t *ret);
IMPORT("greentic:state/state-store@1.0.0", "write")
void state_write(state_write_params_t *params, ack_result_t *ret);
IMPORT("greentic:telemetry/logger-api@1.0.0", "log")
void logger_log(log_params_t *params, ack_result_t *ret);

#endif
