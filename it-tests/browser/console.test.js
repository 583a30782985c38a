'use strict';
// Browser tests of the Dialgate console (/console) in headless Debian Chromium driven by playwright-core, against
// the packaged simulator and gateway started here on free loopback ports, and a webhook receiver of our own.
// Every action a tenant or the operator can take in the console is done here through the page, and its effect is
// checked on the simulator or through the API.
//
//   node console.test.js                              (from it-tests/browser, after npm ci)
//   DIALGATE_SCREENSHOTS=docs node console.test.js    also refreshes the console-*.png screenshots in docs/

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startStack } = require('./lib/stack');
const { launchBrowser, newPage: openPage, shot: screenshot, call, eventually } = require('./lib/browser');

const XSS = '<script>window.__xss=1</script>';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let stack;
let browser;
let receiver;
let seq = 0;

// --- helpers ---------------------------------------------------------------------------------

const operator = () => ({ Authorization: `Bearer ${stack.adminToken}` });
const gw = (path) => `${stack.gateway.url}${path}`;

/** A simulator instance with queues 1000 and 2000, pause lunch, agent1 and an agent whose login holds markup. */
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
  const tenant = await call('POST', gw('/admin/tenants'), { name: `console-${inst.name}` }, operator());
  const auth = { Authorization: `Bearer ${tenant.apiKey}` };
  const host = await call('POST', gw('/v1/pbx-hosts'), { name: 'main-pbx', baseUrl: inst.host }, auth);
  const agent = await call('POST', gw('/v1/users'), { pbxHostId: host.id, login: 'agent1', accessToken: inst.token }, auth);
  return { inst, tenant, auth, host, agent };
}

async function agentState(inst) {
  const state = await call('GET', `${stack.sim.url}/_sim/instances/${inst.name}/state`);
  return state.users.find((u) => u.login === 'agent1');
}

/** An action of agent1 made on the PBX itself, with its own token. */
const onPbx = (inst, body) => call('POST', `${inst.api}/usersSession.json`, body, { 'X-Auth-Token': inst.token });

async function polled(fixture) {
  await eventually(async () => (await call('GET', gw(`/v1/users/${fixture.agent.id}`), undefined, fixture.auth)).pollStatus === 'polling',
    20000, 'agent1 polled');
}

async function newPage(viewport = DESKTOP) {
  // Generous: the first calls after start are slow on a loaded machine.
  const opened = await openPage(browser, { viewport, timeout: 30000 });
  // Deleting asks window.confirm(); the person says yes.
  opened.page.on('dialog', (d) => d.accept());
  return opened;
}

const shot = (page, name) => screenshot(page, name, { fullPage: true });

async function signIn(page, role, secret) {
  await page.goto(gw('/'));
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel(role === 'operator' ? 'Operator (operator token)' : 'Tenant (API key)').check();
  await page.getByLabel('API key or operator token').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens a console page with a credential already in the tab, as sign-in leaves it. */
async function openAs(page, role, secret, path) {
  await page.goto(gw('/console'));
  await page.evaluate(([r, s]) => sessionStorage.setItem('dialgate.console', JSON.stringify({ role: r, secret: s })), [role, secret]);
  await page.goto(gw(path));
}

function clean(page) {
  assert.deepEqual(page.jsErrors || [], [], 'no script errors');
  assert.deepEqual(page.cspViolations || [], [], 'no Content-Security-Policy violations');
}

/** What the console shows in its status line (role=status). */
const said = (page, text) => page.locator('#status', { hasText: text }).waitFor();

/** A datetime-local value in the browser's zone, `minutes` from now. */
const localTime = (page, minutes) => page.evaluate((m) => {
  const d = new Date(Date.now() + m * 60000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}, minutes);

/**
 * A webhook receiver on loopback. Each path answers with the status set for it in `receiver.status` (200 when
 * none is set), so tests can have a failing and a healthy endpoint side by side.
 */
function startReceiver() {
  return new Promise((resolve) => {
    const state = { status: {}, received: [] };
    state.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const status = state.status[req.url] || 200;
        state.received.push({ path: req.url, status, body });
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end(status === 200 ? 'thanks' : 'receiver is down');
      });
    });
    state.server.listen(0, '127.0.0.1', () => {
      state.base = `http://127.0.0.1:${state.server.address().port}`;
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
  browser = await launchBrowser();
}, { timeout: 330000 });

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
  if (receiver) receiver.server.close();
});

// --- sign-in ---------------------------------------------------------------------------------

describe('console sign-in', () => {
  test('the root URL opens the console; a wrong key says so and keeps nothing; sign-out forgets the key', async () => {
    const { tenant } = await tenantWithAgent();
    const { context, page } = await newPage();
    await page.goto(gw('/'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.locator('#error');
    await alert.filter({ hasText: 'Enter an API key or the operator token' }).waitFor();

    await signIn(page, 'tenant', 'dgk_not_a_real_key');
    await alert.filter({ hasText: 'Wrong API key' }).waitFor();
    assert.equal(page.url(), gw('/console'));
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(await context.cookies(), []);
    await shot(page, 'console-sign-in');
    await page.getByLabel('Operator (operator token)').check();
    await page.getByLabel('API key or operator token').fill('wrong-operator-token-0000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await alert.filter({ hasText: 'Wrong operator token' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);

    // A right key opens the agents page and lives only in this tab's session storage.
    await signIn(page, 'tenant', tenant.apiKey);
    await page.waitForURL('**/console/agents');
    await page.getByRole('rowheader', { name: 'agent1', exact: true }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 1);
    assert.deepEqual(await context.cookies(), [], 'the key is never a cookie');
    assert.ok(!page.url().includes(tenant.apiKey), 'the key is never in the address');
    // A tenant's key does not open the operator's pages.
    await page.goto(gw('/console/tenants'));
    await page.waitForURL(/\/console(\/agents)?$/);

    await page.goto(gw('/console/agents'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await page.goto(gw('/console/agents'));
    await page.waitForURL(/\/console$/);

    // The operator token opens the tenants page, and sign-out forgets it too.
    await signIn(page, 'operator', stack.adminToken);
    await page.waitForURL('**/console/tenants');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    clean(page);
    await context.close();
  });
});

// --- tenant view -----------------------------------------------------------------------------

describe('console tenant view', () => {
  test('agents: live queue login made on the PBX; queue, pause, dial and hang-up actions; markup shown as text', async () => {
    const fixture = await tenantWithAgent();
    const { inst, tenant, auth, host } = fixture;
    await call('POST', gw('/v1/users'), { pbxHostId: host.id, login: XSS, accessToken: `${inst.token}-x`, monitored: false }, auth);
    const { context, page } = await newPage();
    await openAs(page, 'tenant', tenant.apiKey, '/console/agents');
    const row = page.locator('#agents tbody tr', { has: page.getByRole('rowheader', { name: 'agent1', exact: true }) });
    await row.waitFor();
    assert.equal(await row.locator('td').first().textContent(), 'main-pbx', 'the PBX host by name');
    await page.locator('#live[data-state="on"]').waitFor();
    await eventually(async () => (await row.locator('.poll').textContent()).includes('polling'), 20000, 'agent1 polled');

    // The agent logs in to queue 1000 on the PBX itself: the row follows through polling and the event stream.
    await onPbx(inst, { queues: [{ name: '1000', login: true, penalty: 0 }] });
    await row.locator('.queues .chip.on', { hasText: '1000' }).waitFor({ timeout: 15000 });

    // A login holding markup is shown as text and never runs.
    await page.getByRole('rowheader', { name: XSS }).waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await page.getByLabel('Filter by login').fill('agent');
    await eventually(async () => (await page.locator('#agents tbody tr').count()) === 1, 3000, 'the filter');
    await page.getByLabel('Filter by login').fill('');
    await page.getByLabel('Filter by login').blur();
    await shot(page, 'console-agents');

    await row.getByRole('button', { name: 'Actions' }).click();
    const dialog = page.locator('#agent-dialog[open]');
    await dialog.getByRole('heading', { name: 'Actions for agent1' }).waitFor();

    // Queue login and logout.
    await page.locator('#q-login').fill('2000');
    await dialog.getByRole('button', { name: 'Log in to queue' }).click();
    await said(page, 'Logged in to queue 2000');
    await eventually(async () => (await agentState(inst)).queues.find((q) => q.name === '2000').logged_in, 10000, 'queue 2000 login');
    await row.locator('.queues .chip.on', { hasText: '2000' }).waitFor({ timeout: 15000 });
    await page.locator('#q-logout').fill('1000');
    await dialog.getByRole('button', { name: 'Log out of queue' }).click();
    await said(page, 'Logged out of queue 1000');
    await eventually(async () => !(await agentState(inst)).queues.find((q) => q.name === '1000').logged_in, 10000, 'queue 1000 logout');

    // Pause start and end.
    await page.locator('#pause-name').fill('lunch');
    await dialog.getByRole('button', { name: 'Start pause' }).click();
    await said(page, 'Pause started');
    await eventually(async () => (await agentState(inst)).pause?.name === 'lunch', 10000, 'pause started');
    await row.locator('.pause', { hasText: 'Lunch' }).waitFor({ timeout: 15000 });
    await dialog.getByRole('button', { name: 'End pause' }).click();
    await said(page, 'Pause ended');
    await eventually(async () => (await agentState(inst)).pause === null, 10000, 'pause ended');

    // Dial, then hang up with the button the call gets.
    await page.locator('#dial-number').fill('+420555000111');
    await page.locator('#dial-queue').fill('2000');
    await dialog.getByRole('button', { name: 'Dial', exact: true }).click();
    await said(page, 'Dialling +420555000111');
    await eventually(async () => (await agentState(inst)).activities.some((a) => a.item && a.item.clid === '+420555000111'), 10000, 'the call');
    await row.locator('.call', { hasText: '+420555000111' }).waitFor({ timeout: 15000 });
    const hangUp = dialog.getByRole('button', { name: 'Hang up +420555000111' });
    await hangUp.waitFor({ timeout: 15000 });
    await hangUp.click();
    await said(page, 'Hung up');
    await eventually(async () => !(await agentState(inst)).activities.some((a) => a.item && a.item.clid === '+420555000111'
      && a.action !== 'CLOSE'), 10000, 'the call hung up');
    assert.equal(await page.locator('#agent-error').textContent(), '', 'no action failed');
    await dialog.getByRole('button', { name: 'Close' }).click();
    clean(page);
    await context.close();
  });

  test('agents: an invalid token shows live, a replaced token polls again; monitoring off and on; phone width', async () => {
    const fixture = await tenantWithAgent();
    const { inst, tenant } = fixture;
    await polled(fixture);
    const { context, page } = await newPage();
    await openAs(page, 'tenant', tenant.apiKey, '/console/agents');
    const row = () => page.locator('#agents tbody tr', { has: page.getByRole('rowheader', { name: 'agent1', exact: true }) });
    await row().locator('.poll', { hasText: 'polling' }).waitFor();
    await page.locator('#live[data-state="on"]').waitFor();

    // The PBX gets a new token for agent1: the gateway's next poll is refused and the row says so without reload.
    const fresh = `${inst.token}-new`;
    await call('PUT', `${stack.sim.url}/_sim/instances/${inst.name}/users/agent1/token`, { accessToken: fresh });
    await onPbx({ ...inst, token: fresh }, { pause: 'lunch' }); // wakes the held poll
    await row().locator('.poll', { hasText: 'token invalid' }).waitFor({ timeout: 20000 });
    await row().locator('.badge.bad', { hasText: /^invalid$/ }).waitFor();

    await row().getByRole('button', { name: 'Actions' }).click();
    const dialog = page.locator('#agent-dialog[open]');
    await page.getByLabel('New access token').fill(fresh);
    await dialog.getByRole('button', { name: 'Replace token' }).click();
    await said(page, 'Token replaced');
    assert.equal(await page.getByLabel('New access token').inputValue(), '', 'the token is not kept in the form');
    await row().locator('.poll', { hasText: 'polling' }).waitFor({ timeout: 20000 });
    await row().locator('.pause', { hasText: 'Lunch' }).waitFor({ timeout: 15000 });

    await dialog.getByRole('button', { name: 'Stop monitoring' }).click();
    await said(page, 'Monitoring off');
    await row().locator('.poll', { hasText: 'not monitored' }).waitFor({ timeout: 10000 });
    assert.equal((await call('GET', gw(`/v1/users/${fixture.agent.id}`), undefined, fixture.auth)).monitored, false);
    await dialog.getByRole('button', { name: 'Monitor', exact: true }).click();
    await said(page, 'Monitoring on');
    await row().locator('.poll', { hasText: /polling|starting/ }).waitFor({ timeout: 10000 });
    assert.equal((await call('GET', gw(`/v1/users/${fixture.agent.id}`), undefined, fixture.auth)).monitored, true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    clean(page);
    await context.close();

    const phone = await newPage(PHONE);
    await openAs(phone.page, 'tenant', tenant.apiKey, '/console/agents');
    await phone.page.getByRole('rowheader', { name: 'agent1', exact: true }).waitFor();
    await shot(phone.page, 'console-agents-phone');
    await phone.context.close();
  });

  test('events: the live feed filtered by type and by user, each event with its JSON', async () => {
    const fixture = await tenantWithAgent();
    const { inst, tenant, auth, host } = fixture;
    const other = await call('POST', gw('/v1/users'), { pbxHostId: host.id, login: XSS, accessToken: `${inst.token}-x` }, auth);
    await polled(fixture);
    const { context, page } = await newPage();
    await openAs(page, 'tenant', tenant.apiKey, '/console/events');
    await page.locator('#live[data-state="on"]').waitFor();

    await onPbx(inst, { queues: [{ name: '1000', login: true, penalty: 0 }] });
    const login = page.locator('#events li[data-type="queue.login"]');
    await login.waitFor({ timeout: 15000 });
    assert.match(await login.locator('summary').textContent(), /agent1/, 'the event names the user by login');

    // Only pause events of agent1.
    await page.getByLabel('Type').selectOption('pause.started');
    await page.getByLabel('User').selectOption({ label: 'agent1' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#live[data-state="on"]').waitFor();
    assert.equal(await page.locator('#events li').count(), 0, 'applying a filter starts a fresh feed');
    await call('POST', `${inst.api}/usersSession.json`, { pause: 'lunch' }, { 'X-Auth-Token': `${inst.token}-x` });
    await onPbx(inst, { queues: [{ name: '2000', login: true, penalty: 0 }] });
    await onPbx(inst, { pause: 'lunch' });
    const pause = page.locator('#events li[data-type="pause.started"]', { hasText: 'agent1' });
    await pause.waitFor({ timeout: 15000 });
    await pause.locator('summary').click();
    const json = JSON.parse(await pause.locator('pre').textContent());
    assert.equal(json.type, 'pause.started');
    assert.equal(json.userId, fixture.agent.id);
    await shot(page, 'console-events');
    // Give the other user's pause and agent1's queue login time to arrive if the filter let them through.
    await eventually(async () => (await call('GET', gw(`/v1/users/${other.id}/state`), undefined, auth)).pause !== null, 15000, 'the other pause polled');
    await page.waitForTimeout(1000);
    const types = await page.locator('#events li').evaluateAll((items) => items.map((i) => i.dataset.type));
    assert.deepEqual(types, ['pause.started'], 'only the chosen type and user');
    clean(page);
    await context.close();
  });

  test('webhooks: create, edit, rotate the secret, disable and enable, send a test event, delete; markup shown as text', async () => {
    const { tenant, auth } = await tenantWithAgent();
    const { context, page } = await newPage();
    await openAs(page, 'tenant', tenant.apiKey, '/console/webhooks');
    await page.getByText('No endpoints yet.').waitFor();

    await page.getByText('Add an endpoint').click();
    const create = page.locator('#webhook-create');
    await create.getByLabel('URL').fill(`${receiver.base}/crm`);
    await create.getByLabel('Description').fill(XSS);
    await create.getByLabel('queue.login').check();
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.locator('#secret-dialog[open]').waitFor();
    assert.match(await page.locator('#secret-value').inputValue(), /^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    assert.equal(await page.locator('#secret-value').inputValue(), '', 'the secret is forgotten once the dialog closes');
    const hookRow = page.locator('#webhooks tbody tr[data-webhook]');
    await hookRow.getByText(XSS).waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    const [hook] = (await call('GET', gw('/v1/webhooks'), undefined, auth)).data;
    assert.deepEqual(hook.eventTypes, ['queue.login']);

    // Edit: URL, description and event types.
    await hookRow.getByRole('button', { name: 'Edit' }).click();
    const edit = page.locator('#webhook-dialog[open]');
    await edit.getByLabel('URL').fill(`${receiver.base}/crm2`);
    await edit.getByLabel('Description').fill('CRM');
    await edit.getByLabel('pause.started').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await said(page, 'Endpoint saved');
    await hookRow.getByText('queue.login, pause.started').waitFor();
    const saved = await call('GET', gw(`/v1/webhooks/${hook.id}`), undefined, auth);
    assert.equal(saved.url, `${receiver.base}/crm2`);
    assert.equal(saved.description, 'CRM');

    // Rotate: a new secret shown once, the old one kept for a while.
    await hookRow.getByRole('button', { name: 'Rotate secret' }).click();
    await page.locator('#secret-dialog[open]', { hasText: 'The old secret keeps signing' }).waitFor();
    assert.match(await page.locator('#secret-value').inputValue(), /^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();

    // Disable and enable.
    await hookRow.getByRole('button', { name: 'Disable' }).click();
    await said(page, 'Endpoint disabled');
    await hookRow.locator('.badge.bad', { hasText: 'disabled' }).waitFor();
    assert.equal((await call('GET', gw(`/v1/webhooks/${hook.id}`), undefined, auth)).status, 'disabled');
    await hookRow.getByRole('button', { name: 'Enable' }).click();
    await said(page, 'Endpoint enabled');
    await hookRow.locator('.badge.ok', { hasText: 'enabled' }).waitFor();

    // A test event reaches the receiver, and the health figures count it.
    await hookRow.getByRole('button', { name: 'Send test event' }).click();
    await said(page, 'Test event queued');
    await eventually(() => receiver.received.some((r) => r.path === '/crm2' && r.body.includes('webhook.test')), 15000, 'the test event');
    await eventually(async () => {
      await page.reload();
      return (await hookRow.locator('td').nth(2).textContent()).includes('100 % of 1');
    }, 15000, 'the health figures');
    assert.match(await hookRow.locator('td').nth(3).textContent(), /^\d+ ms$/, 'p50 latency');
    await shot(page, 'console-webhooks');

    await hookRow.getByRole('button', { name: 'Delete' }).click();
    await said(page, 'Endpoint deleted');
    await page.getByText('No endpoints yet.').waitFor();
    assert.equal((await call('GET', gw('/v1/webhooks'), undefined, auth)).data.length, 0);
    clean(page);
    await context.close();
  });

  test('deliveries: filters, attempts, a failing delivery retried turning green, recover since a time', async () => {
    const fixture = await tenantWithAgent();
    const { inst, tenant, auth } = fixture;
    receiver.status['/down'] = 500;
    const down = await call('POST', gw('/v1/webhooks'), { url: `${receiver.base}/down`, description: 'Flaky CRM' }, auth);
    await polled(fixture);
    await onPbx(inst, { queues: [{ name: '2000', login: true, penalty: 0 }] });
    await eventually(async () => (await call('GET', gw('/v1/deliveries?state=failed'), undefined, auth)).data.length === 1,
      20000, 'the delivery failed');

    const { context, page } = await newPage();
    await openAs(page, 'tenant', tenant.apiKey, '/console/deliveries');
    const rows = page.locator('#deliveries tbody tr[data-delivery]');
    await rows.first().waitFor();
    const apply = () => page.getByRole('button', { name: 'Apply' }).click();
    const shown = async (n, what) => eventually(async () => (await rows.count()) === n, 10000, what);

    // Filters: state, event type, user, time.
    await page.getByLabel('State').selectOption('delivered');
    await apply();
    await page.getByText('No deliveries match.').waitFor();
    await page.getByLabel('State').selectOption('failed');
    await page.getByLabel('Event type').selectOption('queue.login');
    await page.getByLabel('User').selectOption({ label: 'agent1' });
    await apply();
    await shown(1, 'the failed queue.login of agent1');
    await page.getByLabel('Event type').selectOption('pause.started');
    await apply();
    await page.getByText('No deliveries match.').waitFor();
    await page.getByLabel('Event type').selectOption('');
    await page.getByLabel('To', { exact: true }).fill(await localTime(page, -120));
    await apply();
    await page.getByText('No deliveries match.').waitFor();
    await page.getByLabel('To', { exact: true }).fill('');
    await page.getByLabel('From').fill(await localTime(page, -30));
    await apply();
    const delivery = page.locator('#deliveries tbody tr[data-delivery]', { hasText: 'queue.login' });
    await delivery.waitFor();
    assert.equal(await delivery.getAttribute('data-state'), 'failed');
    assert.match(await delivery.textContent(), /Flaky CRM/);

    // Attempts: status, duration and the receiver's answer.
    await delivery.getByRole('button', { name: 'Attempts' }).click();
    const attempts = page.locator('tr.attempts:not([hidden])');
    await attempts.getByText('receiver is down').waitFor();
    assert.match(await attempts.textContent(), /500/);
    assert.match(await attempts.textContent(), /\d+ ms/);
    assert.equal(await delivery.getByRole('button', { name: 'Attempts' }).getAttribute('aria-expanded'), 'true');

    // Retry once the receiver is back: the row turns green, with the second attempt beside the first.
    receiver.status['/down'] = 200;
    await delivery.getByRole('button', { name: 'Retry' }).click();
    const delivered = page.locator('#deliveries tbody tr[data-delivery][data-state="delivered"]', { hasText: 'queue.login' });
    await delivered.waitFor({ timeout: 20000 });
    assert.equal(await delivered.locator('.badge').first().getAttribute('class'), 'badge ok');
    await said(page, 'Delivery delivered');
    assert.ok(receiver.received.some((r) => r.path === '/down' && r.status === 200 && r.body.includes('queue.login')));

    // Recover: another delivery fails, the receiver comes back, and recovering since a time sends it again.
    receiver.status['/down'] = 500;
    await onPbx(inst, { pause: 'lunch' });
    await eventually(async () => (await call('GET', gw('/v1/deliveries?state=failed&eventType=pause.started'), undefined, auth)).data.length === 1,
      20000, 'the pause delivery failed');
    receiver.status['/down'] = 200;
    await page.goto(gw('/console/webhooks'));
    await page.locator(`#webhooks tbody tr[data-webhook="${down.id}"]`).getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Recover failed deliveries since').fill(await localTime(page, -30));
    await page.getByRole('button', { name: 'Recover' }).click();
    await said(page, '1 deliveries queued again');
    await eventually(async () => (await call('GET', gw('/v1/deliveries?state=delivered&eventType=pause.started'), undefined, auth)).data.length === 1,
      20000, 'the recovered delivery delivered');

    await page.goto(gw(`/console/deliveries?webhookId=${down.id}`));
    // The preset is applied once the endpoints are listed, before the rows load: wait for the rows, then read it.
    await rows.nth(1).waitFor();
    assert.equal(await page.getByLabel('Endpoint').inputValue(), down.id);
    assert.deepEqual(await rows.evaluateAll((r) => r.map((x) => x.dataset.state)), ['delivered', 'delivered']);
    assert.equal(await rows.first().locator('td').nth(1).textContent(), 'pause.started', 'newest first');
    await rows.nth(1).getByRole('button', { name: 'Attempts' }).click();
    await page.locator('tr.attempts:not([hidden])', { hasText: 'receiver is down' }).waitFor();
    await shot(page, 'console-deliveries');
    clean(page);
    await context.close();
  });

  test('action hooks and PBX hosts: create (a hook secret shown once), delete', async () => {
    const { tenant, auth } = await tenantWithAgent();
    const { context, page } = await newPage();
    await openAs(page, 'tenant', tenant.apiKey, '/console/setup');
    await page.getByRole('rowheader', { name: 'main-pbx' }).waitFor();

    await page.getByLabel('Name').fill('second-pbx');
    await page.getByLabel('Base URL').fill(`${stack.sim.url}/pbx/nowhere`);
    await page.getByRole('button', { name: 'Add PBX host' }).click();
    await said(page, 'PBX host added');
    await page.getByRole('rowheader', { name: 'second-pbx' }).waitFor();
    assert.ok((await call('GET', gw('/v1/pbx-hosts'), undefined, auth)).data.some((h) => h.name === 'second-pbx'));

    await page.getByLabel('Description').fill('CRM pause button');
    await page.getByLabel('Bound to user').selectOption({ label: 'agent1' });
    await page.getByRole('button', { name: 'Create action hook' }).click();
    await page.locator('#secret-dialog[open]').waitFor();
    const secret = await page.locator('#secret-value').inputValue();
    assert.match(secret, /^whsec_/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await screenshot(page, 'console-setup'); // the viewport: a full-page picture would cut the dialog's backdrop
    await page.getByRole('button', { name: 'Done' }).click();
    const hookRow = page.locator('#hooks tbody tr', { has: page.getByRole('rowheader', { name: 'CRM pause button' }) });
    await hookRow.waitFor();
    assert.match(await hookRow.textContent(), /agent1/);
    assert.ok(!(await page.content()).includes(secret), 'the secret is not left in the page');
    const [hook] = (await call('GET', gw('/v1/action-hooks'), undefined, auth)).data;
    assert.equal(hook.secret, undefined, 'the API never shows the secret again');

    await hookRow.getByRole('button', { name: 'Delete' }).click();
    await said(page, 'Deleted');
    await hookRow.waitFor({ state: 'detached' });
    assert.equal((await call('GET', gw('/v1/action-hooks'), undefined, auth)).data.length, 0);
    await page.locator('#hosts tbody tr', { hasText: 'second-pbx' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('rowheader', { name: 'second-pbx' }).waitFor({ state: 'detached' });
    assert.ok(!(await call('GET', gw('/v1/pbx-hosts'), undefined, auth)).data.some((h) => h.name === 'second-pbx'));
    clean(page);
    await context.close();
  });
});

// --- operator view ---------------------------------------------------------------------------

describe('console operator view', () => {
  test('tenants: create, counts, suspend and resume, users and endpoints, issue and revoke keys, delete', async () => {
    const { tenant, auth } = await tenantWithAgent();
    receiver.status['/broken'] = 500;
    const hook = await call('POST', gw('/v1/webhooks'), { url: `${receiver.base}/broken`, description: 'Broken CRM' }, auth);
    await call('POST', gw(`/v1/webhooks/${hook.id}/test`), undefined, auth);
    await eventually(async () => (await call('GET', gw('/v1/deliveries?state=failed'), undefined, auth)).data.length === 1, 15000, 'a failed delivery');

    const { context, page } = await newPage();
    await openAs(page, 'operator', stack.adminToken, '/console/tenants');
    const row = () => page.locator(`#tenants tbody tr[data-tenant="${tenant.id}"]`);
    await row().waitFor();
    // Counts: one user, one endpoint, one failing delivery, one key.
    const cells = async () => (await row().locator('td').allTextContents()).map((t) => t.trim());
    await eventually(async () => { const c = await cells(); return c[1] === '1' && c[2] === '1' && c[3] === '1' && c[4] === '1'; },
      5000, 'the counts');

    // Create: the new tenant's key is shown once and works.
    await page.getByLabel('New tenant name').fill('Acme from the console');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.locator('#secret-dialog[open]', { hasText: 'API key of Acme from the console' }).waitFor();
    const acmeKey = await page.locator('#secret-value').inputValue();
    await page.getByRole('button', { name: 'Done' }).click();
    assert.equal((await fetch(gw('/v1/users'), { headers: { Authorization: `Bearer ${acmeKey}` } })).status, 200);
    const acme = page.locator('#tenants tbody tr', { hasText: 'Acme from the console' });
    await acme.waitFor();

    // Suspend and resume.
    await row().getByRole('button', { name: 'Suspend' }).click();
    await row().locator('.badge', { hasText: 'suspended' }).waitFor();
    assert.equal((await fetch(gw('/v1/users'), { headers: auth })).status, 403);
    await row().getByRole('button', { name: 'Resume' }).click();
    await row().locator('.badge', { hasText: 'active' }).waitFor();
    assert.equal((await fetch(gw('/v1/users'), { headers: auth })).status, 200);

    // Details: the tenant's users and endpoints; a key issued and the first one revoked.
    await row().getByRole('button', { name: 'Details' }).click();
    await page.locator('#tenant-users').getByRole('rowheader', { name: 'agent1', exact: true }).waitFor();
    await page.locator('#tenant-webhooks tbody tr', { hasText: 'Broken CRM' }).waitFor();
    await page.getByRole('button', { name: 'Issue a new key' }).click();
    await page.locator('#secret-dialog[open]').waitFor();
    const issued = await page.locator('#secret-value').inputValue();
    await page.getByRole('button', { name: 'Done' }).click();
    assert.equal((await fetch(gw('/v1/users'), { headers: { Authorization: `Bearer ${issued}` } })).status, 200);
    await eventually(async () => (await page.locator('#keys tbody tr').count()) === 2, 5000, 'two keys');
    await shot(page, 'console-tenants');
    await page.locator('#keys tbody tr').first().getByRole('button', { name: 'Revoke' }).click();
    await said(page, 'Key revoked');
    await eventually(async () => (await page.locator('#keys tbody button', { hasText: 'Revoke' }).count()) === 1, 5000, 'one key left');
    const statuses = await Promise.all([tenant.apiKey, issued].map(async (k) =>
      (await fetch(gw('/v1/users'), { headers: { Authorization: `Bearer ${k}` } })).status));
    assert.deepEqual([...statuses].sort(), [200, 401], 'one key revoked, the other still works');

    // Delete.
    await acme.getByRole('button', { name: 'Delete' }).click();
    await said(page, 'Tenant deleted');
    await acme.waitFor({ state: 'detached' });
    assert.equal((await fetch(gw('/v1/users'), { headers: { Authorization: `Bearer ${acmeKey}` } })).status, 401);
    clean(page);
    await context.close();
  });

  test('keys and replicas: crypto status, re-encrypt, replicas with the leases they hold', async () => {
    const fixture = await tenantWithAgent();
    await polled(fixture);
    const { context, page } = await newPage();
    await openAs(page, 'operator', stack.adminToken, '/console/system');
    await page.locator('#poll-replicas tbody tr').first().waitFor();
    assert.equal(await page.locator('#active-key').textContent(), 'k1');
    assert.match(await page.locator('#other-keys').textContent(), /^\d+$/);
    await eventually(async () => {
      await page.reload();
      return (await page.locator('#poll-replicas tbody').textContent()).includes(fixture.tenant.id);
    }, 15000, 'the tenant\'s lease on a replica');
    await page.locator('#dispatch-replicas tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Re-encrypt every secret with the active key' }).click();
    await said(page, /Re-encrypted \d+ secrets? with key k1; 0 left/);
    assert.equal(await page.locator('#other-keys').textContent(), '0');
    await shot(page, 'console-system');
    clean(page);
    await context.close();
  });
});

// --- accessibility ---------------------------------------------------------------------------

describe('console accessibility', () => {
  const TENANT_PAGES = ['/console/agents', '/console/events', '/console/webhooks', '/console/deliveries', '/console/setup'];
  const OPERATOR_PAGES = ['/console/tenants', '/console/system'];

  /** Form controls without an accessible label, and buttons without a name, on the page (dialogs included). */
  const unlabelled = (page) => page.evaluate(() => {
    const missing = [];
    for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const named = (c.labels && [...c.labels].some((l) => l.textContent.trim())) || c.getAttribute('aria-label')
        || c.getAttribute('aria-labelledby');
      if (!named) missing.push(c.outerHTML.slice(0, 120));
    }
    for (const b of document.querySelectorAll('button, a[href]')) {
      if (!(b.textContent.trim() || b.getAttribute('aria-label'))) missing.push(b.outerHTML.slice(0, 120));
    }
    return missing;
  });

  /** Tabs through the page; each stop must show a focus outline. Returns the names of what got focus. */
  async function tabThrough(page, stops) {
    const seen = [];
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    for (let i = 0; i < stops; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        return { name: (e.textContent || e.getAttribute('aria-label') || e.id || e.tagName).trim().slice(0, 60),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 };
      });
      if (!f) continue;
      assert.ok(f.outline, `no visible focus on "${f.name}" of ${page.url()}`);
      seen.push(f.name);
    }
    return seen;
  }

  const noSideScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  test('labels, keyboard with visible focus, and no sideways scrolling at phone width on every page', async () => {
    const fixture = await tenantWithAgent();
    await call('POST', gw('/v1/webhooks'), { url: `${receiver.base}/a11y`, description: 'Accessible CRM' }, fixture.auth);
    const pages = [['tenant', fixture.tenant.apiKey, TENANT_PAGES], ['operator', stack.adminToken, OPERATOR_PAGES]];

    const signInPage = await newPage();
    await signInPage.page.goto(gw('/console'));
    assert.deepEqual(await unlabelled(signInPage.page), []);
    const stops = await tabThrough(signInPage.page, 6);
    assert.ok(stops.includes('Skip to content'), 'the skip link comes first');
    // Sign in with the keyboard alone.
    await signInPage.page.getByLabel('API key or operator token').focus();
    await signInPage.page.keyboard.type(fixture.tenant.apiKey);
    await signInPage.page.keyboard.press('Enter');
    await signInPage.page.waitForURL('**/console/agents');
    await signInPage.context.close();

    for (const [role, secret, paths] of pages) {
      const { context, page } = await newPage();
      await openAs(page, role, secret, paths[0]);
      for (const path of paths) {
        await page.goto(gw(path));
        await page.locator('#sign-out:not([hidden])').waitFor();
        await page.locator('main tbody tr, #live[data-state="on"]').first().waitFor();
        assert.deepEqual(await unlabelled(page), [], `unlabelled controls on ${path}`);
        const seen = await tabThrough(page, 9);
        assert.ok(seen.includes('Sign out'), `Sign out reachable by keyboard on ${path}`);
        await page.setViewportSize(PHONE);
        assert.ok(await noSideScroll(page), `${path} scrolls sideways at ${PHONE.width} px`);
        await page.setViewportSize(DESKTOP);
      }
      // A row's actions open and close with the keyboard.
      if (role === 'tenant') {
        await page.goto(gw('/console/agents'));
        const actions = page.locator('#agents tbody tr', { has: page.getByRole('rowheader', { name: 'agent1', exact: true }) })
          .getByRole('button', { name: 'Actions' });
        await actions.focus();
        await page.keyboard.press('Enter');
        await page.locator('#agent-dialog[open]').waitFor();
        assert.deepEqual(await unlabelled(page), []);
        await page.keyboard.press('Escape');
        await page.locator('#agent-dialog[open]').waitFor({ state: 'detached' });
      }
      clean(page);
      await context.close();
    }
    const phone = await newPage(PHONE);
    await phone.page.goto(gw('/console'));
    assert.ok(await noSideScroll(phone.page), 'the sign-in page scrolls sideways at phone width');
    await phone.context.close();
  });
});
