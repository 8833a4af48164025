/* Canonical-ABI glue for our sample provider components, written by hand (no wit-bindgen here).
 * wasm32 C struct layout (natural alignment, size rounded up to alignment) is the canonical ABI's record
 * layout, and option<T> / result<T, E> are a u8 discriminant followed by the payload at the payload's
 * alignment, so plain structs and unions describe the WIT types exactly. */
#ifndef GREENTIC_GUEST_H
#define GREENTIC_GUEST_H

#include <stddef.h>
#include <stdint.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

/* string and list<u8>: pointer + length */
typedef struct { uint8_t *ptr; size_t len; } bytes_t;
typedef struct { uint8_t is_some; bytes_t val; } opt_bytes_t;

/* A growable output buffer on malloc. */
typedef struct { uint8_t *ptr; size_t len, cap; } buf_t;
void put_n(buf_t *b, const void *s, size_t n);
void put(buf_t *b, const char *s);
void put_bytes(buf_t *b, bytes_t s);
void put_u64(buf_t *b, uint64_t v);
void put_json_string(buf_t *b, bytes_t s);
/* The input as a JSON value: itself when it is non-empty, else null. */
void put_json_or_null(buf_t *b, bytes_t s);

bytes_t lit(const char *s);
int eq(bytes_t a, const char *s);
/* The string value of "key":"..." in a flat JSON object (no escapes inside the value); len 0 when absent. */
bytes_t json_str(bytes_t json, const char *key);
/* The unsigned integer value of "key":123; 0 when absent. */
uint64_t json_u64(bytes_t json, const char *key);

/* 1 when s is one JSON value (RFC 8259 syntax, nesting at most 64 deep) with only whitespace around it. */
int json_valid(bytes_t s);

/* The buffer's bytes as an answer (the buffer's memory now belongs to the answer). */
bytes_t done(buf_t *b);
/* A heap copy of s as an answer, e.g. a sample's fixed describe JSON. */
bytes_t answer_text(const char *s);
/* validate-config of a sample that takes any config: {"valid":true}. */
bytes_t answer_config_valid(void);
/* healthcheck of a sample that is always healthy: {"status":"ok"}. */
bytes_t answer_healthy(void);

/* Answers of the conformance op set (docs/conformance.md) shared by the samples. */
bytes_t answer_node_error(const char *code, const char *message, bytes_t detail, int retryable, uint64_t backoff_ms);
bytes_t answer_unknown_op(bytes_t op);
bytes_t answer_not_json(void);
bytes_t answer_echo(bytes_t op, bytes_t input);
/* `fail`: the retryable node-error {"code":"unavailable",...,"backoff_ms":250}. */
bytes_t answer_fail(void);
/* Waits ms milliseconds on the monotonic clock without yielding (a component cannot sleep): the host's deadline
 * stops it like any other long computation. */
void busy_wait_ms(uint64_t ms);

/* What each sample implements; the glue in guest.c exports them as
 * greentic:provider-schema-core/schema-core-api@1.0.0. */
bytes_t provider_describe(void);
bytes_t provider_validate_config(bytes_t config);
bytes_t provider_healthcheck(void);
bytes_t provider_invoke(bytes_t op, bytes_t input);

#endif
