/* oauthclient: calls the host's OAuth broker (greentic:oauth-broker/broker-v1@1.0.0) and reports what it answered.
 * invoke ops (input is a flat JSON object):
 *   consent  {"provider":P,"subject":S,"scope":SC,"redirect_path":R} -> {"ok":true,"url":...}
 *   exchange {"provider":P,"subject":S,"code":C,"redirect_path":R}   -> {"ok":true,"token_set":...}
 *   token    {"provider":P,"subject":S,"scope":SC}                   -> {"ok":true,"token_set":...}
 * A scope of "" asks for none; the broker's empty answers come back as "". */
#include "guest.h"

#include <string.h>

/* Each import's result is a string: the canonical ABI writes (ptr, len) to the return area passed last. */
IMPORT("greentic:oauth-broker/broker-v1@1.0.0", "get-consent-url")
void oauth_get_consent_url(const uint8_t *provider, size_t provider_len, const uint8_t *subject, size_t subject_len,
                           const bytes_t *scopes, size_t scopes_len, const uint8_t *redirect, size_t redirect_len,
                           const uint8_t *extra, size_t extra_len, bytes_t *ret);
IMPORT("greentic:oauth-broker/broker-v1@1.0.0", "exchange-code")
void oauth_exchange_code(const uint8_t *provider, size_t provider_len, const uint8_t *subject, size_t subject_len,
                         const uint8_t *code, size_t code_len, const uint8_t *redirect, size_t redirect_len, bytes_t *ret);
IMPORT("greentic:oauth-broker/broker-v1@1.0.0", "get-token")
void oauth_get_token(const uint8_t *provider, size_t provider_len, const uint8_t *subject, size_t subject_len,
                     const bytes_t *scopes, size_t scopes_len, bytes_t *ret);

bytes_t provider_describe(void) {
  return answer_text("{\"provider_type\":\"greentic.sample.oauthclient\",\"capabilities\":[\"oauth\"],"
                     "\"ops\":[\"consent\",\"exchange\",\"token\"]}");
}

bytes_t provider_validate_config(bytes_t config) {
  (void)config;
  return answer_config_valid();
}

bytes_t provider_healthcheck(void) { return answer_healthy(); }

bytes_t provider_invoke(bytes_t op, bytes_t input) {
  buf_t b = {0};
  bytes_t provider = json_str(input, "provider");
  bytes_t subject = json_str(input, "subject");
  bytes_t scope = json_str(input, "scope");
  bytes_t redirect = json_str(input, "redirect_path");
  bytes_t scopes[1] = {scope};
  size_t scopes_len = scope.len ? 1 : 0;
  bytes_t answer = {0, 0};
  const char *field = "token_set";
  if (eq(op, "consent")) {
    oauth_get_consent_url(provider.ptr, provider.len, subject.ptr, subject.len, scopes, scopes_len, redirect.ptr, redirect.len,
                          (const uint8_t *)"", 0, &answer);
    field = "url";
  } else if (eq(op, "exchange")) {
    bytes_t code = json_str(input, "code");
    oauth_exchange_code(provider.ptr, provider.len, subject.ptr, subject.len, code.ptr, code.len, redirect.ptr, redirect.len, &answer);
  } else if (eq(op, "token")) {
    oauth_get_token(provider.ptr, provider.len, subject.ptr, subject.len, scopes, scopes_len, &answer);
  } else {
    put(&b, "{\"ok\":false,\"error\":{\"code\":\"invalid-input\",\"message\":\"unknown op\",\"retryable\":false}}");
    return done(&b);
  }
  put(&b, "{\"ok\":true,\"");
  put(&b, field);
  put(&b, "\":");
  put_json_string(&b, answer);
  put(&b, "}");
  return done(&b);
}
