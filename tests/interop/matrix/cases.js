'use strict';
// The rows of the matrix: what every client proves against the live control plane, in the order each peer runs
// them. A peer prints one result line per case; a case a peer does not report is a FAIL.
const CASES = [
  ['provider_unary', 'ProviderService Describe, ValidateConfig, Healthcheck, Invoke of the in-process echo provider'],
  ['secrets_unary', 'SecretsService Put then Get returns the value'],
  ['state_unary', 'StateService Write, Read, Delete; a deleted key reads NOT_FOUND'],
  ['http_unary', "HttpService Send: GET of the control plane's /healthz under the tenant's egress allow-list"],
  ['telemetry_unary', 'TelemetryService Log'],
  ['distributor_unary', 'DistributorService ResolveRef, ResolveComponent, GetPackStatus, GetPackStatusV2, WarmPack of the loaded pack'],
  ['admin_unary', 'AdminService GetPackStatus, ListRoutes, ListProviders with the ADMIN_TOKEN bearer'],
  ['server_streaming', "DistributorService GetByDigest: the pack's chunks, in order, hash to its digest"],
  ['deadline', 'echo sleep 10 s under a 500 ms deadline: DEADLINE_EXCEEDED'],
  ['cancellation', 'echo sleep cancelled after 500 ms: CANCELLED, and the control plane logs the cancelled call (by trace id)'],
  ['metadata', "x-greentic-tenant reaches the tenant resolver (PERMISSION_DENIED naming it); response headers and trailers readable"],
  ['unauthenticated', 'no token, and a malformed bearer: UNAUTHENTICATED with reason UNAUTHENTICATED'],
  ['tenant_denied', "another tenant in the request's ctx: PERMISSION_DENIED with reason TENANT_NOT_GRANTED"],
  ['status_details', 'an unrouted provider: NOT_FOUND with google.rpc.Status / ErrorInfo NO_ROUTE, domain greentic.dev'],
  ['message_too_large', 'a request over MaxMessageSize: RESOURCE_EXHAUSTED with reason MESSAGE_TOO_LARGE (Trailers-Only)'],
];

module.exports = { CASES: CASES.map(([name]) => name), DESCRIPTIONS: Object.fromEntries(CASES) };
