#!/usr/bin/env node
// A deliberately broken sidecar for the conformance suite's own tests: the Node sample `echo` provider with exactly
// three defects, each of which one conformance check must catch (and no other check may):
//   describe        — `capabilities` is a string, not an array of strings;
//   tenancy-state   — state_put/state_get keep values in one process-wide map, ignoring the tenant;
//   deadline        — sleep ignores the call's cancellation and, on waking, still writes its state_key.
// Everything else is the sample's behaviour. Flags as sidecars/node/sidecar.js (--listen, --control-plane).
'use strict';
const path = require('node:path');
const { parseArgs } = require('node:util');
const node = path.resolve(__dirname, '../../../sidecars/node');
const { loadGreentic } = require(path.join(node, 'protos'));
const { ControlPlane } = require(path.join(node, 'control-plane'));
const { createProviders } = require(path.join(node, 'providers'));
const { startSidecar } = require(path.join(node, 'server'));

const { values: args } = parseArgs({ options: { listen: { type: 'string' }, 'control-plane': { type: 'string' } } });
const greentic = loadGreentic();
const controlPlane = args['control-plane'] ? new ControlPlane(greentic, args['control-plane'], {}) : null;
const echo = createProviders(controlPlane).get('echo');
const leakyState = new Map(); // defect: one map for every tenant

const broken = {
  describe: { ...echo.describe, capabilities: 'echo' }, // defect: not an array
  async invoke(op, input, context) {
    switch (op) {
      case 'state_put':
        leakyState.set(String(input?.state_key), String(input?.state_value));
        return { ok: true, op, write: { ok: true } };
      case 'state_get': {
        const value = leakyState.get(String(input?.state_key));
        return { ok: true, op, state: value === undefined ? { error: { code: 'not-found', message: 'no state' } } : { value } };
      }
      case 'sleep': {
        // defect: no cancellation; the work after waking happens whether or not anyone still waits for it
        const ms = Number(input?.ms ?? 0);
        await new Promise((resolve) => setTimeout(resolve, ms));
        if (input?.state_key) {
          try {
            await controlPlane.writeState(context.ctx, String(input.state_key), Buffer.from('slept'));
          } catch (e) {
            console.error(`late state write refused: ${e.message}`);
          }
        }
        return { ok: true, slept_ms: ms };
      }
      default:
        return echo.invoke(op, input, context);
    }
  },
};

startSidecar(greentic, new Map([['echo', broken]]), args.listen, 'broken sidecar');
