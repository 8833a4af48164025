#!/usr/bin/env node
// Offline validation of deploy/k8s: renders a kustomization with `kubectl kustomize` and checks every object
//  - against the Kubernetes API schemas (npm kubernetes-models), cert-manager's and External Secrets' (@kubernetes-models/*);
//  - Greentic resources (greentic.ai) against the openAPIV3Schema of our own CRDs in deploy/k8s/crds, with unknown
//    fields refused as `kubectl apply --validate=strict` would;
//  - our deployment rules: non-root, read-only root filesystem, no privilege escalation, all capabilities dropped,
//    probes, ≥ 2 control-plane replicas with a PDB and an HPA, default-deny NetworkPolicy, no secret values.
// Usage: node deploy/validate/validate.mjs DIR...   Prints one JSON line per kustomization; exits 1 on any problem.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import Ajv from 'ajv';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const crdDir = path.join(root, 'deploy/k8s/crds');

function render(dir) {
  try {
    return execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.code === 'ENOENT') throw new Error('kubectl is not installed: it renders the kustomizations offline (kubectl kustomize)');
    throw new Error(`kubectl kustomize ${dir} failed: ${e.stderr || e.message}`);
  }
}

const parseAll = (text) => YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

// --- Greentic CRDs: OpenAPI v3 (Kubernetes' subset) → JSON Schema for ajv, strict about unknown fields.
function toJsonSchema(s) {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-') || k === 'format' || k === 'default' || k === 'description') continue;
    out[k] = ['properties'].includes(k) ? Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, toJsonSchema(ps)])) : toJsonSchema(v);
  }
  if (s.exclusiveMinimum === true) { out.exclusiveMinimum = s.minimum; delete out.minimum; }
  if (s.properties && !s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const crdValidators = new Map();
const crdObjects = [];
for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')) {
  for (const crd of parseAll(readFileSync(path.join(crdDir, file), 'utf8'))) {
    crdObjects.push(crd);
    for (const v of crd.spec.versions) {
      const schema = toJsonSchema(v.schema.openAPIV3Schema);
      schema.properties.metadata = { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' } } };
      crdValidators.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, ajv.compile(schema));
    }
  }
}

// A structural schema (what the API server requires of a CRD): no $ref, and additionalProperties never beside properties.
function structuralProblems(schema, at = 'openAPIV3Schema') {
  const problems = [];
  if (!schema || typeof schema !== 'object') return problems;
  if ('$ref' in schema) problems.push(`${at}: $ref is not allowed in a structural schema`);
  if (schema.properties && 'additionalProperties' in schema) problems.push(`${at}: additionalProperties beside properties`);
  if (!schema.type && !schema['x-kubernetes-preserve-unknown-fields'] && !schema['x-kubernetes-int-or-string']) problems.push(`${at}: no type`);
  for (const [p, s] of Object.entries(schema.properties ?? {})) problems.push(...structuralProblems(s, `${at}.properties.${p}`));
  if (schema.items) problems.push(...structuralProblems(schema.items, `${at}.items`));
  return problems;
}

// --- Everything else: the published models.
const modelPackages = { 'cert-manager.io': '@kubernetes-models/cert-manager', 'external-secrets.io': '@kubernetes-models/external-secrets' };
async function model(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = modelPackages[group] ?? 'kubernetes-models';
  const spec = group === '' ? `${pkg}/${version}/${kind}` : `${pkg}/${group}/${version}/${kind}`;
  try {
    return (await import(spec))[kind];
  } catch {
    return null;
  }
}

function errorsOf(e) {
  const list = e?.errors ?? e?.validationErrors;
  return Array.isArray(list) ? list.map((x) => `${x.instancePath || '/'} ${x.message}`).join('; ') : String(e?.message ?? e);
}

// --- House rules.
const secretish = /(TOKEN|PASSWORD|SECRET|KEY|CONNECTION_?STRING|CREDENTIAL)/i;
function houseRules(objects) {
  const problems = [];
  const byKind = (k) => objects.filter((o) => o.kind === k);
  for (const o of objects) {
    const name = `${o.kind}/${o.metadata?.name}`;
    if (o.kind === 'Secret' && (o.data || o.stringData)) problems.push(`${name}: secret values in a manifest (use an ExternalSecret)`);
    const pod = o.spec?.template?.spec;
    if (!pod) continue;
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${name}: pod securityContext.runAsNonRoot must be true`);
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${name}/${c.name}: readOnlyRootFilesystem must be true`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${name}/${c.name}: allowPrivilegeEscalation must be false`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${name}/${c.name}: capabilities must drop ALL`);
      if (sc.runAsUser === 0 || sc.runAsNonRoot === false) problems.push(`${name}/${c.name}: runs as root`);
      for (const e of c.env ?? []) {
        if (e.value !== undefined && secretish.test(e.name) && e.value !== '') problems.push(`${name}/${c.name}: env ${e.name} has a literal value; reference a Secret`);
      }
    }
  }
  for (const cm of byKind('ConfigMap')) {
    for (const [k, v] of Object.entries(cm.data ?? {})) {
      if (/^(ADMIN_TOKEN|GREENTIC_SECRETS_KEY)$|PostgresConnectionString$|ServiceToken$/.test(k) && v) problems.push(`ConfigMap/${cm.metadata.name}: ${k} is a secret; reference a Secret`);
    }
  }
  const cp = byKind('Deployment').find((d) => d.metadata.name === 'control-plane');
  if (cp) {
    if (!(cp.spec.replicas >= 2)) problems.push('Deployment/control-plane: at least 2 replicas');
    const main = cp.spec.template.spec.containers.find((c) => c.name === 'control-plane');
    if (!main?.readinessProbe?.grpc) problems.push('Deployment/control-plane: readiness must be the gRPC health probe (it follows the drain)');
    if (main?.livenessProbe?.httpGet?.path !== '/healthz') problems.push('Deployment/control-plane: liveness must be GET /healthz');
    if (!byKind('PodDisruptionBudget').some((p) => p.spec.selector?.matchLabels?.['app.kubernetes.io/name'] === 'control-plane')) problems.push('control-plane: no PodDisruptionBudget');
    if (!byKind('HorizontalPodAutoscaler').some((h) => h.spec.scaleTargetRef?.name === 'control-plane' && h.spec.minReplicas >= 2)) problems.push('control-plane: no HorizontalPodAutoscaler with minReplicas ≥ 2');
    if (!byKind('NetworkPolicy').some((n) => Object.keys(n.spec.podSelector ?? {}).length === 0 && n.spec.policyTypes?.includes('Ingress') && n.spec.policyTypes?.includes('Egress') && !n.spec.ingress && !n.spec.egress))
      problems.push('no default-deny NetworkPolicy');
    const spiffe = byKind('Certificate').flatMap((c) => c.spec.uris ?? []);
    if (!spiffe.some((u) => /^spiffe:\/\/greentic\/tenant\/[A-Za-z0-9][A-Za-z0-9_-]*\/sidecar\/[A-Za-z0-9._-]+$/.test(u))) problems.push('no sidecar Certificate with a spiffe://greentic/tenant/{t}/sidecar/{name} URI');
  }
  return problems;
}

async function validateDir(dir) {
  const objects = parseAll(render(dir));
  const problems = [];
  for (const o of objects) {
    const name = `${o.apiVersion} ${o.kind}/${o.metadata?.name}`;
    const [group, version] = o.apiVersion.split('/');
    if (group === 'greentic.ai') {
      const validate = crdValidators.get(`${group}/${version}/${o.kind}`);
      if (!validate) { problems.push(`${name}: no CRD in deploy/k8s/crds defines it`); continue; }
      if (!validate(o)) problems.push(`${name}: ${validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}`).join('; ')}`);
      continue;
    }
    const Model = await model(o.apiVersion, o.kind);
    if (!Model) { problems.push(`${name}: no schema known for this kind (add its models package)`); continue; }
    try {
      new Model(o).validate();
    } catch (e) {
      problems.push(`${name}: ${errorsOf(e)}`);
    }
    if (o.kind === 'CustomResourceDefinition') {
      for (const v of o.spec.versions) problems.push(...structuralProblems(v.schema?.openAPIV3Schema).map((p) => `${name} ${v.name}: ${p}`));
    }
  }
  problems.push(...houseRules(objects));
  return { dir: path.relative(root, path.resolve(dir)), objects: objects.length, kinds: [...new Set(objects.map((o) => o.kind))].sort(), problems };
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: validate.mjs KUSTOMIZATION_DIR...');
  process.exit(2);
}
let failed = false;
for (const dir of dirs) {
  let result;
  try {
    result = await validateDir(dir);
  } catch (e) {
    result = { dir, objects: 0, kinds: [], problems: [e.message] };
  }
  failed ||= result.problems.length > 0;
  console.log(JSON.stringify(result));
}
process.exit(failed ? 1 : 0);
