'use strict';
// Child processes with hard time limits: nothing the matrix starts can hang it.
const { spawn } = require('child_process');

// Kills a child and everything it started (each child leads its own process group).
function killTree(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
}

// Every child still running is killed when the matrix exits, however it exits.
const live = new Set();
process.on('exit', () => { for (const child of live) killTree(child); });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(1));

function spawnTracked(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.on('exit', () => live.delete(child));
  child.on('error', () => live.delete(child));
  return child;
}

/** Runs a command to completion; resolves { code, stdout, stderr, timedOut }. */
function run(command, args, { timeoutMs, cwd, env } = {}) {
  return new Promise((resolve) => {
    const child = spawnTracked(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { timedOut = true; killTree(child); }, timeoutMs);
    child.on('error', (err) => { stderr += `spawn failed: ${err.message}\n`; });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, stdout, stderr, timedOut });
    });
  });
}

/**
 * Starts a server that prints "listening on PORT"; resolves { port, stop, output } or rejects
 * when it exits or stays silent for startTimeoutMs.
 */
function startServer(name, command, args, { startTimeoutMs, cwd, logStream }) {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(command, args, { cwd });
    let output = '';
    let started = false;
    const onData = (d) => {
      output += d;
      if (logStream) logStream.write(d);
      const match = !started && /listening on (\d+)/.exec(output);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolve({ port: Number(match[1]), stop: () => killTree(child), output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      killTree(child);
      reject(new Error(`${name} did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(new Error(`${name}: ${err.message}`)); });
    child.on('exit', (code, signal) => {
      if (!started) {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${output}`));
      }
    });
  });
}

/** Runs async jobs with at most `limit` in flight; resolves their results in order. */
async function pool(jobs, limit) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

module.exports = { run, startServer, pool, killTree, spawnTracked };
