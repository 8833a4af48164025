// A real OpenID Provider for the OAuth broker's tests: npm oidc-provider (a certified OP) on 127.0.0.1, with one
// confidential client, PKCE (S256) required, rotating refresh tokens, and interaction endpoints a test drives over
// HTTP instead of a browser. Prints one JSON line {"issuer":…} on stdout once it listens.
//
// Environment: OP_CLIENT_ID, OP_CLIENT_SECRET, OP_REDIRECT_URIS (comma-separated), OP_ACCESS_TOKEN_TTL (seconds, 300).
// Interaction (JSON): GET /interaction/:uid → {uid, prompt}; POST /interaction/:uid/login (body login=ACCOUNT);
// POST /interaction/:uid/confirm — each finishes the step with a 303 back to the authorization endpoint.
// Test hooks: GET /test/counts → token-endpoint requests by grant type {"authorization_code":n,"refresh_token":n};
// GET /test/refresh-tokens?account=ACCOUNT → the refresh tokens held for the account (opaque tokens are their ids);
// POST /test/revoke?account=ACCOUNT → destroys the account's grants and every token issued under them
// (what a user revoking the app's access at the provider does).
import http from 'node:http';
import Provider from 'oidc-provider';

const clientId = process.env.OP_CLIENT_ID ?? 'greentic-test';
const clientSecret = process.env.OP_CLIENT_SECRET;
const redirectUris = (process.env.OP_REDIRECT_URIS ?? '').split(',').filter(Boolean);
const accessTokenTtl = Number(process.env.OP_ACCESS_TOKEN_TTL ?? 300);
if (!clientSecret || redirectUris.length === 0) {
  console.error('oidc-op: OP_CLIENT_SECRET and OP_REDIRECT_URIS are required');
  process.exit(2);
}

// Storage the test hooks can walk: model:id → {payload, expiresAt}.
const storage = new Map();
const now = () => Math.floor(Date.now() / 1000);
class MapAdapter {
  constructor(model) { this.model = model; }
  key(id) { return `${this.model}:${id}`; }
  async upsert(id, payload, expiresIn) {
    storage.set(this.key(id), { model: this.model, payload, expiresAt: expiresIn ? now() + expiresIn : undefined });
  }
  async find(id) {
    const entry = storage.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= now()) { storage.delete(this.key(id)); return undefined; }
    return entry.payload;
  }
  async findByUid(uid) {
    for (const entry of storage.values()) if (entry.model === this.model && entry.payload.uid === uid) return entry.payload;
    return undefined;
  }
  async findByUserCode(userCode) {
    for (const entry of storage.values()) if (entry.model === this.model && entry.payload.userCode === userCode) return entry.payload;
    return undefined;
  }
  async consume(id) { const entry = storage.get(this.key(id)); if (entry) entry.payload.consumed = now(); }
  async destroy(id) { storage.delete(this.key(id)); }
  async revokeByGrantId(grantId) {
    for (const [key, entry] of storage) if (entry.payload.grantId === grantId) storage.delete(key);
  }
}

const counts = { authorization_code: 0, refresh_token: 0 };
const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    adapter: MapAdapter,
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    cookies: { keys: ['greentic-oidc-op-test-cookies'] },
    features: { devInteractions: { enabled: false }, revocation: { enabled: true } },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    ttl: { AccessToken: accessTokenTtl, AuthorizationCode: 60, RefreshToken: 86400, Grant: 86400, Interaction: 600, Session: 3600, IdToken: 3600 },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  });
  provider.on('grant.success', ctx => { counts[ctx.oidc.params.grant_type] = (counts[ctx.oidc.params.grant_type] ?? 0) + 1; });
  provider.on('grant.error', ctx => { const t = ctx.oidc?.params?.grant_type; if (t) counts[t] = (counts[t] ?? 0) + 1; });
  const callback = provider.callback();

  server.on('request', async (req, res) => {
    const url = new URL(req.url, issuer);
    try {
      const interaction = url.pathname.match(/^\/interaction\/([^/]+)(\/(login|confirm))?$/);
      if (interaction) return await interact(provider, req, res, interaction[3]);
      if (url.pathname === '/test/counts' && req.method === 'GET') return json(res, 200, counts);
      if (url.pathname === '/test/refresh-tokens' && req.method === 'GET') return json(res, 200, refreshTokens(url.searchParams.get('account')));
      if (url.pathname === '/test/revoke' && req.method === 'POST') return json(res, 200, await revoke(provider, url.searchParams.get('account')));
      return callback(req, res);
    } catch (e) {
      return json(res, 500, { error: String(e?.message ?? e) });
    }
  });
  process.stdout.write(JSON.stringify({ issuer }) + '\n');
});

async function interact(provider, req, res, step) {
  const details = await provider.interactionDetails(req, res);
  if (!step) return json(res, 200, { uid: details.uid, prompt: details.prompt.name });
  if (step === 'login') {
    const login = new URLSearchParams(await body(req)).get('login');
    if (!login) return json(res, 400, { error: 'login is required' });
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  const { prompt: { details: missing }, params, session: { accountId } } = details;
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  if (missing.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, details.grantId ? {} : { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function refreshTokens(account) {
  const ids = [];
  for (const [key, entry] of storage) if (entry.model === 'RefreshToken' && entry.payload.accountId === account) ids.push(key.slice('RefreshToken:'.length));
  return ids;
}

async function revoke(provider, account) {
  const grants = new Set();
  for (const entry of storage.values()) if (entry.model === 'Grant' && entry.payload.accountId === account) grants.add(entry.payload.jti);
  for (const [key, entry] of storage) if (grants.has(entry.payload.grantId) || (entry.model === 'Grant' && grants.has(entry.payload.jti))) storage.delete(key);
  return { account, grants: grants.size };
}

function body(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', chunk => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function json(res, status, value) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
}
