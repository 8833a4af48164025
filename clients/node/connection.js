'use strict';
// Address and credentials from the environment, as every Greentic client reads them.
const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');

/** GREENTIC_ADDRESS: http://host:port (h2c), https://host:port (TLS) or unix:///path; default http://127.0.0.1:7878. */
function resolveTarget(address = process.env.GREENTIC_ADDRESS || 'http://127.0.0.1:7878') {
  if (address.startsWith('unix:')) return { target: address, credentials: grpc.credentials.createInsecure() };
  let url;
  try {
    url = new URL(address);
  } catch {
    throw new Error(`GREENTIC_ADDRESS '${address}' is not a URL: use http://host:port, https://host:port or unix:///path`);
  }
  if (url.protocol === 'http:') return { target: url.host, credentials: grpc.credentials.createInsecure() };
  if (url.protocol === 'https:') return { target: url.host, credentials: grpc.credentials.createSsl() };
  throw new Error(`GREENTIC_ADDRESS '${address}' must be http://, https:// or unix://`);
}

/** GREENTIC_TOKEN, else the dev token `greentic up` wrote to ./.greentic/dev-token.txt. */
function resolveToken() {
  const fromEnv = (process.env.GREENTIC_TOKEN || '').trim();
  if (fromEnv) return fromEnv;
  const file = path.resolve('.greentic', 'dev-token.txt');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  throw new Error(`no token: set GREENTIC_TOKEN or run 'greentic up' here (it writes ${file})`);
}

/** Call metadata carrying the bearer token. */
function authMetadata(token) {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

module.exports = { resolveTarget, resolveToken, authMetadata };
