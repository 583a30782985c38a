'use strict';
// Browser tests of the Dialgate console (/console) in headless Debian Chromium driven by playwright-core, against
// the packaged simulator and gateway started here on free loopback ports, and a webhook receiver of our own.
//
//   node console.test.js                              (from it-tests/browser, after npm ci)
//   DIALGATE_SCREENSHOTS=docs node console.test.js    also refreshes the console-*.png screenshots in docs/

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { startStack, ROOT } = require('./lib/stack');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.error(`Browser tests need Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium chromium-driver".`);
  process.exit(1);
}
const { chromium } = require('playwright-core');

const SHOTS = process.env.DIALGATE_SCREENSHOTS === 'docs'
  ? path.join(ROOT, 'docs')
  : path.join(__dirname, '..', 'target', 'screenshots');
const XSS = '<script>window.__xss=1</script>';

let stack;
let browser;
let receiver;
let seq = 0;

// --- helpers ---------------------------------------------------------------------------------

async function call(method, url, body, headers = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = text; }
  if (!response.ok) throw new Error(`${method} ${url} -> ${response.status}: ${text}`);
  return json;
}

const operator = () => ({ Authorization: `Bearer ${stack.adminToken}` });

/** A simulator instance with queues 1000 and 2000, pauses, agent1 and an agent whose login holds markup. */
async function instance() {
  const name = `c${++seq}${Date.now() % 100000}`;
  const sim = stack.sim.url;
  await call('POST', `${sim}/_sim/instances`, { name });
  await call('POST', `${sim}/_sim/instances/${name}/queues`, { name: '1000', title: 'Inbound support', type: 'in' });
  await call('POST', `${sim}/_sim/instances/${name}/queues`, { name: '2000', title: 'Outbound sales', type: 'out' });
  await call('POST', `${sim}/_sim/instances/${name}/pauses`, { name: 'lunch', title: 'Lunch', type: null, paid: true });
  const token = `tok-${name}`;
  await call('POST', `${sim}/_sim/instances/${name}/users`, { login: 'agent1', password: 'agent1pw', accessToken: token, title: 'Agent One', rights: [] });
  await call('POST', `${sim}/_sim/instances/${name}/users`, { login: XSS, password: 'xsspw', accessToken: `${token}-x`, title: 'Markup', rights: [] });
  return { name, token, host: `${sim}/pbx/${name}`, api: `${sim}/pbx/${name}/api/v6` };
}

/** A tenant with a PBX host on its own simulator instance and agent1 registered and monitored. */
async function tenantWithAgent() {
  const inst = await instance();
  const gw = stack.gateway.url;
  const tenant = await call('POST', `${gw}/admin/tenants`, { name: `console-${inst.name}` }, operator());
  const auth = { Authorization: `Bearer ${tenant.apiKey}` };
  const host = await call('POST', `${gw}/v1/pbx-hosts`, { name: 'main-pbx', baseUrl: inst.host }, auth);
  const agent = await call('POST', `${gw}/v1/users`, { pbxHostId: host.id, login: 'agent1', accessToken: inst.token }, auth);
  return { inst, tenant, auth, host, agent };
}

async function eventually(check, timeoutMs = 5000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

async function newPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  context.setDefaultTimeout(30000); // generous: the first calls after start are slow on a loaded machine
  const page = await context.newPage();
  page.on('pageerror', (e) => { page.jsErrors = (page.jsErrors || []).concat(e.message); });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) page.cspViolations = (page.cspViolations || []).concat(m.text());
  });
  return { context, page };
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page, role, secret) {
  await page.goto(`${stack.gateway.url}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel(role === 'operator' ? 'Operator (operator token)' : 'Tenant (API key)').check();
  await page.getByLabel('API key or operator token').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function clean(page) {
  assert.deepEqual(page.jsErrors || [], [], 'no script errors');
  assert.deepEqual(page.cspViolations || [], [], 'no Content-Security-Policy violations');
}

/** A webhook receiver on loopback that answers with the status set in `receiver.status`. */
function startReceiver() {
  return new Promise((resolve) => {
    const state = { status: 500, received: [] };
    state.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        state.received.push({ status: state.status, body });
        res.writeHead(state.status, { 'Content-Type': 'text/plain' });
        res.end(state.status === 200 ? 'thanks' : 'receiver is down');
      });
    });
    state.server.listen(0, '127.0.0.1', () => {
      state.url = `http://127.0.0.1:${state.server.address().port}/hook`;
      resolve(state);
    });
  });
}

// --- lifecycle -------------------------------------------------------------------------------

before(async () => {
  receiver = await startReceiver();
  stack = await startStack({
    gatewayEnv: {
      // Webhooks go to the receiver on loopback; one attempt only, so a failed delivery stays failed until retried.
      DIALGATE_WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      DIALGATE_WEBHOOK_RETRY_SCHEDULE: '0s',
    },
    readyMs: 300000,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, { timeout: 330000 });

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
  if (receiver) receiver.server.close();
});

// --- tests -----------------------------------------------------------------------------------

describe('console sign-in', () => {
  test('the root URL opens the console; a wrong key says so and keeps nothing', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'tenant', 'dgk_not_a_real_key');
    const alert = page.locator('#error');
    await alert.filter({ hasText: 'Wrong API key' }).waitFor();
    assert.equal(page.url(), `${stack.gateway.url}/console`);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(await context.cookies(), []);
    await shot(page, 'console-sign-in');
    await page.getByLabel('Operator (operator token)').check();
    await page.getByLabel('API key or operator token').fill('wrong-operator-token-0000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await alert.filter({ hasText: 'Wrong operator token' }).waitFor();
    clean(page);
    await context.close();
  });
});

describe('console tenant view', () => {
  test('agents: sign in, live queue login made on the PBX, markup in a login shown as text, sign out', async () => {
    const { inst, tenant, auth, host } = await tenantWithAgent();
    await call('POST', `${stack.gateway.url}/v1/users`, { pbxHostId: host.id, login: XSS, accessToken: `${inst.token}-x`, monitored: false }, auth);
    const { context, page } = await newPage();
    await signIn(page, 'tenant', tenant.apiKey);
    await page.waitForURL('**/console/agents');
    const row = page.locator('#agents tbody tr', { has: page.getByRole('rowheader', { name: 'agent1', exact: true }) });
    await row.waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 1);
    assert.deepEqual(await context.cookies(), [], 'the key is never a cookie');
    assert.ok(!page.url().includes(tenant.apiKey), 'the key is never in the address');
    await page.locator('#live[data-state="on"]').waitFor();
    await eventually(async () => (await row.locator('.poll').textContent()).includes('polling'), 15000, 'agent1 polled');

    // The agent logs in to queue 1000 on the PBX itself: the row follows through polling and the event stream.
    await call('POST', `${inst.api}/usersSession.json`, { queues: [{ name: '1000', login: true, penalty: 0 }] }, { 'X-Auth-Token': inst.token });
    await row.locator('.queues .chip.on', { hasText: '1000' }).waitFor({ timeout: 15000 });

    // A login holding markup is shown as text and never runs.
    await page.getByRole('rowheader', { name: XSS }).waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await shot(page, 'console-agents');

    // An action from the console: start a pause, and the row shows it.
    await row.getByRole('button', { name: 'Actions' }).click();
    await page.getByLabel('Pause').fill('lunch');
    await page.getByRole('button', { name: 'Start pause' }).click();
    await page.locator('#status', { hasText: 'Pause started' }).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await row.locator('.pause', { hasText: 'Lunch' }).waitFor({ timeout: 15000 });

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const phonePage = await phone.newPage();
    await phonePage.goto(`${stack.gateway.url}/console`);
    await phonePage.evaluate((key) => sessionStorage.setItem('dialgate.console', JSON.stringify({ role: 'tenant', secret: key })), tenant.apiKey);
    await phonePage.goto(`${stack.gateway.url}/console/agents`);
    await phonePage.getByRole('rowheader', { name: 'agent1', exact: true }).waitFor();
    await shot(phonePage, 'console-agents-phone');
    await phone.close();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await page.goto(`${stack.gateway.url}/console/agents`);
    await page.waitForURL('**/console');
    clean(page);
    await context.close();
  });

  test('webhooks: a failing delivery retried from the console turns green; markup in a description shown as text', async () => {
    const { inst, tenant, auth } = await tenantWithAgent();
    receiver.status = 500;
    await call('POST', `${stack.gateway.url}/v1/webhooks`, { url: receiver.url, description: XSS }, auth);
    const { context, page } = await newPage();
    await signIn(page, 'tenant', tenant.apiKey);
    await page.waitForURL('**/console/agents');
    await eventually(async () => (await call('GET', `${stack.gateway.url}/v1/users`, undefined, auth)).data[0].pollStatus === 'polling',
      15000, 'agent1 polled');
    await call('POST', `${inst.api}/usersSession.json`, { queues: [{ name: '2000', login: true, penalty: 0 }] }, { 'X-Auth-Token': inst.token });
    await eventually(async () => (await call('GET', `${stack.gateway.url}/v1/deliveries?state=failed`, undefined, auth)).data.length === 1,
      20000, 'the delivery failed');

    await page.getByRole('link', { name: 'Webhooks' }).click();
    const hookRow = page.locator('#webhooks tbody tr').first();
    await hookRow.getByText(XSS).waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await hookRow.getByText('0 % of 1').waitFor();
    await hookRow.getByRole('button', { name: 'Send test event' }).click();
    await page.locator('#status', { hasText: 'Test event queued' }).waitFor();
    await shot(page, 'console-webhooks');

    await page.getByRole('link', { name: 'Deliveries' }).first().click();
    await page.getByLabel('State').selectOption('failed');
    await page.getByRole('button', { name: 'Apply' }).click();
    const delivery = page.locator('#deliveries tbody tr[data-delivery]', { hasText: 'queue.login' });
    await delivery.waitFor();
    assert.equal(await delivery.getAttribute('data-state'), 'failed');
    await delivery.getByRole('button', { name: 'Attempts' }).click();
    await page.locator('tr.attempts:not([hidden])', { hasText: 'receiver is down' }).waitFor();

    receiver.status = 200;
    await delivery.getByRole('button', { name: 'Retry' }).click();
    const delivered = page.locator('#deliveries tbody tr[data-delivery][data-state="delivered"]', { hasText: 'queue.login' });
    await delivered.waitFor({ timeout: 20000 });
    assert.equal(await delivered.locator('.badge').first().getAttribute('class'), 'badge ok');
    await page.getByLabel('State').selectOption('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#deliveries tbody tr[data-delivery]').nth(1).waitFor();
    await shot(page, 'console-deliveries');
    assert.ok(receiver.received.some((r) => r.status === 200 && r.body.includes('queue.login')));

    await page.getByRole('link', { name: 'Events' }).click();
    await page.locator('#live[data-state="on"]').waitFor();
    await call('POST', `${inst.api}/usersSession.json`, { pause: 'lunch' }, { 'X-Auth-Token': inst.token });
    const event = page.locator('#events li', { hasText: 'pause.started' });
    await event.waitFor({ timeout: 15000 });
    await event.locator('summary').click();
    await event.locator('pre', { hasText: '"type": "pause.started"' }).waitFor();
    await shot(page, 'console-events');

    await page.getByRole('link', { name: 'Hooks & PBX' }).click();
    await page.getByLabel('Description').fill('CRM pause button');
    await page.getByRole('button', { name: 'Create action hook' }).click();
    await page.locator('#secret-dialog[open]').waitFor();
    assert.match(await page.locator('#secret-value').inputValue(), /^whsec_/);
    await shot(page, 'console-setup');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('rowheader', { name: 'CRM pause button' }).waitFor();
    clean(page);
    await context.close();
  });
});

describe('console operator view', () => {
  test('suspend and resume a tenant; keys; replicas and encryption keys', async () => {
    const { tenant } = await tenantWithAgent();
    const { context, page } = await newPage();
    await signIn(page, 'operator', stack.adminToken);
    await page.waitForURL('**/console/tenants');
    const row = page.locator(`#tenants tbody tr[data-tenant="${tenant.id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Suspend' }).click();
    await row.locator('.badge', { hasText: 'suspended' }).waitFor();
    const suspended = await fetch(`${stack.gateway.url}/v1/users`, { headers: { Authorization: `Bearer ${tenant.apiKey}` } });
    assert.equal(suspended.status, 403);
    await page.locator(`#tenants tbody tr[data-tenant="${tenant.id}"]`).getByRole('button', { name: 'Resume' }).click();
    await page.locator(`#tenants tbody tr[data-tenant="${tenant.id}"] .badge`, { hasText: 'active' }).waitFor();
    const resumed = await fetch(`${stack.gateway.url}/v1/users`, { headers: { Authorization: `Bearer ${tenant.apiKey}` } });
    assert.equal(resumed.status, 200);

    await page.locator(`#tenants tbody tr[data-tenant="${tenant.id}"]`).getByRole('button', { name: 'Details' }).click();
    await page.locator('#tenant-users').getByRole('rowheader', { name: 'agent1', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Issue a new key' }).click();
    await page.locator('#secret-dialog[open]').waitFor();
    const issued = await page.locator('#secret-value').inputValue();
    await page.getByRole('button', { name: 'Done' }).click();
    assert.equal((await fetch(`${stack.gateway.url}/v1/users`, { headers: { Authorization: `Bearer ${issued}` } })).status, 200);
    await page.locator('#tenant-detail').scrollIntoViewIfNeeded();
    await shot(page, 'console-tenants');

    await page.getByRole('link', { name: 'Keys & replicas' }).click();
    await page.locator('#poll-replicas tbody tr').first().waitFor();
    assert.equal(await page.locator('#active-key').textContent(), 'k1');
    await shot(page, 'console-system');
    clean(page);
    await context.close();
  });
});
