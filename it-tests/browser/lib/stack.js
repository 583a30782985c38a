'use strict';
// Starts the packaged simulator and gateway as real processes on free loopback ports, and stops them.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(app, deadlineMs) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (app.exited) {
      throw new Error(`${app.name} exited with ${app.exitCode} before it was ready; log: ${app.log}`);
    }
    try {
      const response = await fetch(`${app.healthUrl}/q/health/ready`);
      if (response.status === 200) return;
    } catch (e) { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${app.name} was not ready within ${deadlineMs / 1000} s; log: ${app.log}`);
}

// The packaged gateway serves health and metrics on its management port, the simulator on its HTTP port.
async function startApp(name, jar, env, workDir, { management = false } = {}) {
  if (!fs.existsSync(jar)) {
    throw new Error(`${jar} is missing: build it first (./mvnw -pl ${name} -am package -DskipTests)`);
  }
  const port = await freePort();
  const managementPort = management ? await freePort() : port;
  const dir = fs.mkdtempSync(path.join(workDir, `${name}-`));
  const log = path.join(dir, `${name}.log`);
  const out = fs.openSync(log, 'a');
  const child = spawn('java', ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-jar', jar], {
    cwd: dir,
    env: {
      ...process.env,
      QUARKUS_HTTP_PORT: String(port),
      QUARKUS_HTTP_HOST: '127.0.0.1',
      DIALGATE_DATA_DIR: path.join(dir, 'data'),
      ...(management ? { QUARKUS_MANAGEMENT_PORT: String(managementPort), QUARKUS_MANAGEMENT_HOST: '127.0.0.1' } : {}),
      ...env,
    },
    stdio: ['ignore', out, out],
  });
  const app = {
    name, port, url: `http://127.0.0.1:${port}`, healthUrl: `http://127.0.0.1:${managementPort}`,
    log, child, exited: false, exitCode: null,
  };
  child.on('exit', (code) => { app.exited = true; app.exitCode = code; });
  return app;
}

async function stopApp(app) {
  if (!app || app.exited) return;
  const gone = new Promise((r) => app.child.once('exit', r));
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 15000);
  await gone;
  clearTimeout(timer);
}

/**
 * Starts both apps in parallel; resolves once both answer /q/health/ready. gatewayEnv adds gateway settings;
 * readyMs is how long the gateway may take to start (a loaded machine needs more than the default).
 */
async function startStack({ gatewayEnv = {}, readyMs = 120000 } = {}) {
  const workDir = process.env.DIALGATE_IT_WORK_DIR
    || fs.mkdtempSync(path.join(os.tmpdir(), 'dialgate-browser-'));
  fs.mkdirSync(workDir, { recursive: true });
  const simJar = process.env.DIALGATE_SIMULATOR_JAR || path.join(ROOT, 'simulator/target/quarkus-app/quarkus-run.jar');
  const gwJar = process.env.DIALGATE_GATEWAY_JAR || path.join(ROOT, 'gateway/target/quarkus-app/quarkus-run.jar');
  const sim = await startApp('simulator', simJar, { SIMULATOR_PULL_HOLD: '5s', SIMULATOR_CALLS_TALK_TIME: '0s' }, workDir);
  const adminToken = crypto.randomBytes(18).toString('hex');
  const gateway = await startApp('gateway', gwJar, {
    DIALGATE_CRYPTO_KEYS: `k1:${crypto.randomBytes(32).toString('base64')}`,
    DIALGATE_ADMIN_TOKEN: adminToken,
    // The PBX is the simulator on loopback over plain http, which production refuses.
    DIALGATE_PBX_ALLOW_INSECURE_URLS: 'true',
    DIALGATE_PBX_ALLOW_PRIVATE_ADDRESSES: 'true',
    ...gatewayEnv,
  }, workDir, { management: true });
  try {
    await Promise.all([waitReady(sim, Math.max(60000, readyMs / 2)), waitReady(gateway, readyMs)]);
  } catch (e) {
    await Promise.all([stopApp(sim), stopApp(gateway)]);
    throw e;
  }
  return { sim, gateway, adminToken, workDir, stop: () => Promise.all([stopApp(sim), stopApp(gateway)]) };
}

module.exports = { startStack, ROOT };
