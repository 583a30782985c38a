'use strict';
// Benchmark (not a test): how long the console's agents page takes to show a tenant's users with their polled
// state, in headless Chromium against the packaged apps, here with 1,000 monitored users. Run by
// `bench/run console [users] [rounds]`; writes bench/results/console.md and console.json.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, ROOT } = require('./lib/stack');
const { launchBrowser, call } = require('./lib/browser');

const USERS = Number(process.argv[2] || 1000);
const ROUNDS = Number(process.argv[3] || 7);
const RESULTS = process.env.DIALGATE_BENCH_RESULTS || path.join(ROOT, 'bench', 'results');

async function inBatches(items, size, fn) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

(async () => {
  // The tenant rate limit (50 requests/s) would refuse the setup's registrations on a quiet machine: it is a
  // guard for shared gateways, not what this page load measures (it sends a handful of reads).
  const stack = await startStack({ readyMs: 300000,
    gatewayEnv: { DIALGATE_RATE_LIMIT_REQUESTS_PER_SECOND: '100000', DIALGATE_RATE_LIMIT_BURST: '100000' } });
  let browser;
  try {
    const sim = stack.sim.url;
    const gw = stack.gateway.url;
    const name = `bench${Date.now() % 100000}`;
    await call('POST', `${sim}/_sim/instances`, { name });
    await call('POST', `${sim}/_sim/instances/${name}/queues`, { name: '1000', title: 'Inbound', type: 'in' });
    const tenant = await call('POST', `${gw}/admin/tenants`, { name: 'console-bench' }, { Authorization: `Bearer ${stack.adminToken}` });
    const auth = { Authorization: `Bearer ${tenant.apiKey}` };
    const host = await call('POST', `${gw}/v1/pbx-hosts`, { name: 'bench-pbx', baseUrl: `${sim}/pbx/${name}` }, auth);
    const logins = Array.from({ length: USERS }, (_, i) => `agent${String(i).padStart(4, '0')}`);
    const setupStart = Date.now();
    await inBatches(logins, 20, (login) => call('POST', `${sim}/_sim/instances/${name}/users`,
      { login, password: 'pw', accessToken: `tok-${login}`, title: login, rights: [] }));
    await inBatches(logins, 10, (login) => call('POST', `${gw}/v1/users`, { pbxHostId: host.id, login, accessToken: `tok-${login}` }, auth));
    // Wait until polling has a state for every user, so the page shows full rows.
    for (;;) {
      let count = 0; let after = null;
      do {
        const page = await call('GET', `${gw}/v1/user-states?limit=200${after ? `&after=${after}` : ''}`, undefined, auth);
        count += page.data.length; after = page.nextCursor;
      } while (after);
      if (count >= USERS) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const setupSeconds = Math.round((Date.now() - setupStart) / 1000);

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${gw}/console`);
    await page.evaluate((key) => sessionStorage.setItem('dialgate.console', JSON.stringify({ role: 'tenant', secret: key })), tenant.apiKey);
    const samples = [];
    for (let round = 0; round <= ROUNDS; round++) {
      await page.goto(`${gw}/console/agents`);
      await page.waitForFunction((n) => document.querySelectorAll('#agents tbody tr').length >= n, USERS, { timeout: 60000 });
      // From the start of navigation to the last row in the DOM, as the page's own clock tells it.
      const ms = await page.evaluate(() => performance.now());
      const rows = await page.locator('#agents tbody tr').count();
      if (round > 0) samples.push(Math.round(ms)); // round 0 warms the gateway and the browser cache
      if (rows < USERS) throw new Error(`only ${rows} rows`);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const result = {
      benchmark: 'console agents page', users: USERS, rounds: ROUNDS, samplesMs: samples,
      medianMs: pct(sorted, 0.5), p90Ms: pct(sorted, 0.9), maxMs: sorted[sorted.length - 1], setupSeconds,
      machine: { cpus: os.cpus().length, load1: os.loadavg()[0], node: process.version }, at: new Date().toISOString(),
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'console.json'), JSON.stringify(result, null, 2) + '\n');
    fs.writeFileSync(path.join(RESULTS, 'console.md'), `# Console agents page: ${USERS} users

Headless Chromium opens \`/console/agents\` of a tenant with ${USERS} monitored users (all polled, on the simulator)
${ROUNDS} times after one warm-up load. Each time is from the start of navigation until every user's row is in the
page: the page shell, the script, three paged API reads (\`/v1/pbx-hosts\`, \`/v1/users\`, \`/v1/user-states\`,
200 per page) and building the table. Gateway and simulator run on the same machine as the browser.

| Users | Median | p90 | Max | Samples (ms) |
|---|---|---|---|---|
| ${USERS} | ${result.medianMs} ms | ${result.p90Ms} ms | ${result.maxMs} ms | ${samples.join(', ')} |

Machine: ${result.machine.cpus} cores, 1-minute load ${result.machine.load1.toFixed(1)} when measured,
node ${process.version}; ${result.at}. Setting up the users took ${setupSeconds} s.
Reproduce: \`bench/run console ${USERS} ${ROUNDS}\`.
`);
    console.log(JSON.stringify(result));
  } finally {
    if (browser) await browser.close();
    await stack.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
