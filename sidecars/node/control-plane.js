'use strict';
// Clients of the control plane's SecretsService and StateService. Every call passes the TenantCtx of
// the provider call being served, so the control plane can check it against this sidecar's identity.
const fs = require('node:fs');
const grpc = require('@grpc/grpc-js');

class ControlPlane {
  constructor(greentic, address, tls) {
    let target = address;
    let credentials;
    if (address.startsWith('https://')) {
      target = address.slice('https://'.length);
      if (!tls['tls-cert'] || !tls['tls-key'] || !tls['tls-ca']) {
        throw new Error('an https:// control plane needs --tls-cert, --tls-key and --tls-ca (the sidecar\'s mTLS identity)');
      }
      credentials = grpc.credentials.createSsl(
        fs.readFileSync(tls['tls-ca']), fs.readFileSync(tls['tls-key']), fs.readFileSync(tls['tls-cert']));
    } else {
      target = address.replace(/^http:\/\//, '');
      credentials = grpc.credentials.createInsecure();
    }
    // Desktop mode: an h2c control plane knows this sidecar by a bearer token instead of a certificate.
    this.token = process.env.GREENTIC_SIDECAR_TOKEN || null;
    this.secrets = new greentic.secrets.v1.SecretsService(target, credentials);
    this.state = new greentic.state.v1.StateService(target, credentials);
  }

  #unary(client, method, request, deadlineMs) {
    return new Promise((resolve, reject) => {
      const options = deadlineMs ? { deadline: Date.now() + deadlineMs } : {};
      const metadata = new grpc.Metadata();
      if (this.token) metadata.set('authorization', `Bearer ${this.token}`);
      client[method](request, metadata, options, (err, res) => (err ? reject(err) : resolve(res)));
    });
  }

  /** Returns the secret's bytes, or null when it has no value. */
  async getSecret(ctx, key) {
    const res = await this.#unary(this.secrets, 'Get', { ctx, key }, 5000);
    return res.value === undefined || res.value === null ? null : Buffer.from(res.value);
  }

  /** Returns the state value's bytes, or null when the key is absent (NOT_FOUND). */
  async readState(ctx, key) {
    try {
      const res = await this.#unary(this.state, 'Read', { ctx, key }, 5000);
      return Buffer.from(res.value);
    } catch (e) {
      if (e.code === grpc.status.NOT_FOUND) return null;
      throw e;
    }
  }

  async writeState(ctx, key, value) {
    await this.#unary(this.state, 'Write', { ctx, key, value }, 5000);
  }
}

module.exports = { ControlPlane };
