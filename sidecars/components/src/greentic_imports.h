/* The Greentic host imports the hostio sample uses, as canonical-ABI core imports. Imports whose flattened
 * parameters exceed 16 values take a pointer to their parameter tuple; every result here exceeds one flat
 * value, so each import takes a return-area pointer last. */
#ifndef GREENTIC_IMPORTS_H
#define GREENTIC_IMPORTS_H

#include "guest.h"

typedef struct { bytes_t key; bytes_t value; } pair_t;
typedef struct { pair_t *ptr; size_t len; } pairs_t;
typedef struct { uint8_t is_some; int64_t val; } opt_s64_t;
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
  opt_s64_t start_ms, end_ms;
} span_context_t;

typedef struct { bytes_t code; bytes_t message; } host_error_t;

/* result<option<list<u8>>, secrets-error> */
typedef struct { uint8_t is_err; union { opt_bytes_t ok; uint8_t err; } val; } secrets_get_result_t;
/* result<list<u8>, host-error> */
typedef struct { uint8_t is_err; union { bytes_t ok; host_error_t err; } val; } bytes_result_t;
/* result<op-ack, host-error> */
typedef struct { uint8_t is_err; union { uint8_t ok; host_error_t err; } val; } ack_result_t;

typedef struct { bytes_t method; bytes_t url; pairs_t headers; opt_bytes_t body; } http_request_t;
typedef struct { uint16_t status; pairs_t headers; opt_bytes_t body; } http_response_t;
typedef struct { uint8_t is_some; uint32_t val; } opt_u32_t;
typedef struct { uint8_t is_some; uint8_t val; } opt_bool_t;
typedef struct { uint8_t is_some; struct { opt_u32_t timeout_ms; opt_bool_t allow_insecure, follow_redirects; } val; } opt_request_options_t;
/* result<response, host-error> */
typedef struct { uint8_t is_err; union { http_response_t ok; host_error_t err; } val; } http_result_t;

typedef struct { bytes_t key; opt_tenant_ctx_t ctx; } state_key_params_t;
typedef struct { bytes_t key; bytes_t bytes; opt_tenant_ctx_t ctx; } state_write_params_t;
typedef struct { http_request_t req; opt_request_options_t opts; opt_tenant_ctx_t ctx; } http_send_params_t;
typedef struct { span_context_t span; pairs_t fields; opt_tenant_ctx_t ctx; } log_params_t;

IMPORT("greentic:secrets-store/secrets-store@1.0.0", "get")
void secrets_get(const uint8_t *key, size_t key_len, secrets_get_result_t *ret);
IMPORT("greentic:state/state-store@1.0.0", "read")
void state_read(state_key_params_t *params, bytes_result_t *ret);
IMPORT("greentic:state/state-store@1.0.0", "write")
void state_write(state_write_params_t *params, ack_result_t *ret);
IMPORT("greentic:state/state-store@1.0.0", "delete")
void state_delete(state_key_params_t *params, ack_result_t *ret);
IMPORT("greentic:http/http-client@1.1.0", "send")
void http_send(http_send_params_t *params, http_result_t *ret);
IMPORT("greentic:telemetry/logger-api@1.0.0", "log")
void logger_log(log_params_t *params, ack_result_t *ret);

#endif
