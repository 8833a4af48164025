'use strict';
// The control plane under test, as a user runs it: `greentic up` (Release build) in its own process, with
//   gRPC h2c on a Unix socket (--grpc unix://…) and on 127.0.0.1 (a Kestrel endpoint from the environment),
//   gRPC over TLS (Greentic:ControlPlane:TlsAddress, a certificate from a throwaway CA), /healthz on --http;
//   upstream's real messaging-telegram pack in the pack index of tenant demo; ADMIN_TOKEN set;
//   TENANT_RESOLVER=header; tenant demo may reach 127.0.0.1 (HttpService); a 1 MiB message limit;
//   the router's Debug log on (it names calls their callers cancelled).
// Resolves when the pack is loaded; `stop()` kills it; `output()` is everything it printed.
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { run, spawnTracked, killTree } = require('./processes');
const { makePki } = require('./pki');

const START_TIMEOUT_MS = 120_000;
const MAX_MESSAGE_SIZE = 1024 * 1024;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

/** Pack id, version, digest, size and provider component of a .gtpack, as `greentic pack inspect --json` reports them. */
async function inspectPack(greentic, file) {
  const r = await run('dotnet', [greentic, 'pack', 'inspect', '--json', file], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`greentic pack inspect ${file}: exit ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  const report = JSON.parse(r.stdout);
  return { id: report.pack_id, version: report.version, digest: report.digest, size: report.size, component: report.providers[0].component };
}

async function get(url, headers = {}) {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

async function startHost({ repo, workDir, packFile }) {
  const greentic = path.join(repo, 'src/Greentic.Cli/bin/Release/net10.0/greentic.dll');
  if (!fs.existsSync(greentic)) throw new Error(`${greentic} is missing: build src/Greentic.Cli in Release`);
  if (!fs.existsSync(packFile)) throw new Error(`${packFile} is missing (upstream's pack, from ../shared/upstream)`);
  const dataDir = path.join(workDir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const pki = await makePki(path.join(workDir, 'pki'));
  const pack = await inspectPack(greentic, packFile);
  const index = path.join(workDir, 'index.json');
  fs.writeFileSync(index, JSON.stringify({ demo: { main_pack: { name: pack.id, version: pack.version, digest: pack.digest, locator: packFile } } }));
  const [h2cPort, tlsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const adminToken = crypto.randomBytes(24).toString('hex');
  const socket = path.join(dataDir, 'cp.sock');
  const env = {
    ...process.env,
    ADMIN_TOKEN: adminToken,
    TENANT_RESOLVER: 'header',
    PACK_INDEX_URL: index,
    PACK_REFRESH_INTERVAL: '0',
    Kestrel__Endpoints__InteropH2c__Url: `http://127.0.0.1:${h2cPort}`,
    Kestrel__Endpoints__InteropH2c__Protocols: 'Http2',
    Greentic__ControlPlane__TlsAddress: `https://127.0.0.1:${tlsPort}`,
    Greentic__ControlPlane__ServerCertificateFile: pki.cert,
    Greentic__ControlPlane__ServerKeyFile: pki.key,
    Greentic__ControlPlane__MaxMessageSize: String(MAX_MESSAGE_SIZE),
    Greentic__Network__Tenants__demo__Domains__0: '127.0.0.1',
    'Logging__LogLevel__Greentic.ControlPlane.Routing.ProviderRouter': 'Debug',
  };
  const args = [greentic, 'up', '--data-dir', dataDir, '--grpc', `unix://${socket}`, '--http', `http://127.0.0.1:${httpPort}`, '--no-sidecar'];
  const child = spawnTracked('dotnet', args, { cwd: workDir, env });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const stop = () => killTree(child);

  const until = Date.now() + START_TIMEOUT_MS;
  const statusUrl = `http://127.0.0.1:${httpPort}/admin/packs/status`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`greentic up exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > until) { stop(); throw new Error(`greentic up did not load the pack within ${START_TIMEOUT_MS / 1000} s:\n${output}`); }
    if (output.includes('Press Ctrl+C to stop.')) {
      const status = await get(statusUrl, { authorization: `Bearer ${adminToken}` });
      if (status.status === 200 && status.body.includes(pack.digest)) break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const config = {
    targets: { h2c: `127.0.0.1:${h2cPort}`, tls: `127.0.0.1:${tlsPort}`, uds: socket },
    ca_file: pki.ca,
    token: fs.readFileSync(path.join(dataDir, 'dev-token.txt'), 'utf8').trim(),
    admin_token: adminToken,
    env: 'dev',
    tenant: 'demo',
    other_tenant: 'globex',
    pack,
    egress_url: `http://127.0.0.1:${httpPort}/healthz`,
    max_message_size: MAX_MESSAGE_SIZE,
    proto_root: path.join(repo, 'protos'),
    google_proto_root: path.join(repo, 'node_modules/google-proto-files'),
  };
  return { config, stop, output: () => output };
}

module.exports = { startHost };
