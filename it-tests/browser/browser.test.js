'use strict';
// Browser tests of daktela-cli.js and both pause-control pages, in headless Debian Chromium driven by
// playwright-core, against the packaged simulator and gateway started here on free loopback ports.
//
//   node browser.test.js                      (from it-tests/browser, after npm ci)
//   DIALGATE_SCREENSHOTS=docs node browser.test.js   also refreshes the PNGs in docs/

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startStack, ROOT } = require('./lib/stack');
const { launchBrowser, newPage: openPage, shot, call, eventually } = require('./lib/browser');

let stack;
let browser;
let seq = 0;

// --- helpers ---------------------------------------------------------------------------------

/** A fresh simulator instance shaped like the demo seed: queues 1000 (in), 2000 (out), four pauses, agent1. */
async function instance(cors = false) {
  const name = `b${++seq}${Date.now() % 100000}`;
  const sim = stack.sim.url;
  await call('POST', `${sim}/_sim/instances`, { name, cors });
  await call('POST', `${sim}/_sim/instances/${name}/queues`, { name: '1000', title: 'Inbound support', type: 'in' });
  await call('POST', `${sim}/_sim/instances/${name}/queues`, { name: '2000', title: 'Outbound sales', type: 'out' });
  for (const [p, title, type] of [['lunch', 'Lunch', null], ['break', 'Break', null], ['wrap', 'Wrap-up', 'wrap'], ['dnd', 'Do not disturb', 'dnd']]) {
    await call('POST', `${sim}/_sim/instances/${name}/pauses`, { name: p, title, type, paid: true });
  }
  const token = `tok-${name}`;
  await call('POST', `${sim}/_sim/instances/${name}/users`, {
    login: 'agent1', password: 'agent1pw', accessToken: token, title: 'Agent One', rights: [],
  });
  return { name, token, host: `${sim}/pbx/${name}`, api: `${sim}/pbx/${name}/api/v6` };
}

async function agentState(inst) {
  const state = await call('GET', `${stack.sim.url}/_sim/instances/${inst.name}/state`);
  return state.users.find((u) => u.login === 'agent1');
}

async function journal(inst) {
  return call('GET', `${stack.sim.url}/_sim/instances/${inst.name}/journal`);
}

const newPage = (viewport) => openPage(browser, viewport ? { viewport } : {});

/** Opens the PBX page; origin "localhost" makes the simulator at 127.0.0.1 a cross-origin PBX. */
async function openPbxPage(page, inst, { origin = '127.0.0.1', transport, token } = {}) {
  const params = new URLSearchParams({ host: inst.host.replace('127.0.0.1', '127.0.0.1') });
  if (transport) params.set('transport', transport);
  if (token) params.set('token', token);
  await page.goto(`http://${origin}:${stack.sim.port}/examples/pause-control/?${params}`);
}

async function signIn(page, username = 'agent1', password = 'agent1pw') {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function expectLive(page) {
  await page.locator('#connection.is-live').waitFor({ timeout: 10000 });
}

const queueSwitch = (page, title) => page.getByRole('switch', { name: title });

// --- lifecycle -------------------------------------------------------------------------------

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
}, { timeout: 150000 });

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
});

// --- the library alone ----------------------------------------------------------------------

describe('daktela-cli.js merge', () => {
  test('a snapshot replaces the state, a delta replaces only its sections, pause null ends the pause', () => {
    const sandbox = {};
    new Function('window', fs.readFileSync(path.join(ROOT,
      'api-client/src/main/browser/js/daktela-cli-1.0.0.js'), 'utf8'))(sandbox);
    const merge = sandbox.daktelaCLI.merge;
    let { state } = merge(null, { hash: 'h1', snapshot: true, queues: [{ name: '2000', logged_in: false }],
      pause: { name: 'lunch', title: 'Lunch', since: '2025-01-01 10:00:00' }, activities: [], device: { state: 'idle' } });
    const delta = merge(state, { hash: 'h2', snapshot: false, pause: null });
    assert.deepEqual(delta.changed, ['pause']);
    assert.equal(delta.state.pause, null);
    assert.equal(delta.state.hash, 'h2');
    assert.deepEqual(delta.state.queues, [{ name: '2000', logged_in: false }]);
    const fresh = merge(delta.state, { hash: 'h3', snapshot: true, queues: [], pause: null });
    assert.equal(fresh.state.device, undefined, 'a snapshot must not keep old sections');
    assert.equal(sandbox.daktelaCLI.encode({ queues: [{ login: true, name: 2000, penalty: 0 }], pause: null }),
      'queues%5B0%5D%5Blogin%5D=true&queues%5B0%5D%5Bname%5D=2000&queues%5B0%5D%5Bpenalty%5D=0&pause=');
    state = null;
  });
});

// --- static resources ------------------------------------------------------------------------

describe('static resources', () => {
  test('both apps serve the same versioned library, its usage page and their example', async () => {
    const bodies = [];
    for (const base of [stack.sim.url, stack.gateway.url]) {
      for (const file of ['/js/daktela-cli-1.0.0.js']) {
        const response = await fetch(base + file);
        assert.equal(response.status, 200, base + file);
        assert.match(response.headers.get('content-type'), /javascript/);
        bodies.push(await response.text());
      }
      const usage = await fetch(`${base}/js/index.html`);
      assert.equal(usage.status, 200);
      assert.match(await usage.text(), /daktelaCLI/);
    }
    assert.ok(bodies.every((b) => b === bodies[0]), 'the two apps serve different daktela-cli.js');
    assert.match(bodies[0], /daktela-cli\.js 1\.0\.0/);
    assert.equal((await fetch(`${stack.sim.url}/examples/pause-control/`)).status, 200);
    assert.equal((await fetch(`${stack.gateway.url}/examples/pause-control-gateway/`)).status, 200);
    for (const file of ['app.css', 'desk.js']) {
      assert.equal((await fetch(`${stack.sim.url}/examples/shared/${file}`)).status, 200, file);
      assert.equal((await fetch(`${stack.gateway.url}/examples/shared/${file}`)).status, 200, file);
    }
    // The Daktela API still answers beside the static files.
    assert.equal((await fetch(`${stack.sim.url}/api/v6/whoim.json`)).status, 200);
  });
});

// --- PBX page --------------------------------------------------------------------------------

describe('pause control on the simulator', () => {
  test('a wrong password says so and stays on the login screen', async () => {
    const inst = await instance();
    const { context, page } = await newPage();
    await openPbxPage(page, inst);
    await shot(page, 'pause-control-login');
    await signIn(page, 'agent1', 'nope');
    const error = page.getByRole('alert');
    await error.waitFor();
    assert.match(await error.textContent(), /Wrong username or password/);
    assert.equal(await page.locator('#desk-view').isHidden(), true);
    await shot(page, 'pause-control-wrong-password');
    await context.close();
  });

  test('log in, toggle a queue, start and end a pause, dial; changes made elsewhere appear within a second', async () => {
    const inst = await instance();
    const { context, page } = await newPage();
    await openPbxPage(page, inst);
    await signIn(page);
    await expectLive(page);
    assert.equal(await page.locator('#who').textContent(), 'agent1');

    // Queue login through the switch.
    await queueSwitch(page, 'Outbound sales').click();
    await eventually(async () => (await agentState(inst)).queues.find((q) => q.name === '2000').logged_in, 5000, 'queue login');
    await eventually(async () => (await queueSwitch(page, 'Outbound sales').getAttribute('aria-checked')) === 'true', 3000, 'switch on');

    // Pause start and end.
    await page.locator('#pause-select').selectOption('lunch');
    await page.getByRole('button', { name: 'Start pause' }).click();
    await page.locator('#status-text', { hasText: 'On pause: Lunch' }).waitFor();
    await eventually(async () => (await agentState(inst)).pause?.name === 'lunch', 5000, 'pause started');
    await page.locator('#pause-timer').waitFor();
    await page.getByRole('button', { name: 'End pause' }).click();
    await page.locator('#status-text', { hasText: /^Available$/ }).waitFor();
    await eventually(async () => (await agentState(inst)).pause === null, 5000, 'pause ended');

    // A pause started by another client, with the agent's token, shows up within a second.
    let started = Date.now();
    await call('POST', `${inst.api}/usersSession.json`, { pause: 'break' }, { 'X-Auth-Token': inst.token });
    await page.locator('#status-text', { hasText: 'On pause: Break' }).waitFor({ timeout: 3000 });
    const pauseLatency = Date.now() - started;
    assert.ok(pauseLatency < 1000, `pause appeared after ${pauseLatency} ms`);
    // ... and its timer runs.
    const t1 = await page.locator('#pause-timer').textContent();
    await eventually(async () => (await page.locator('#pause-timer').textContent()) !== t1, 2500, 'the pause timer to tick');

    // An inbound call rung through the control API.
    await queueSwitch(page, 'Inbound support').click();
    await eventually(async () => (await agentState(inst)).queues.find((q) => q.name === '1000').logged_in, 5000, 'inbound queue');
    started = Date.now();
    const ring = await call('POST', `${stack.sim.url}/_sim/instances/${inst.name}/calls`, { to: 'agent1', from: '+420777123456', queue: '1000' });
    await page.locator('#call-state', { hasText: 'ringing' }).waitFor({ timeout: 3000 });
    const callLatency = Date.now() - started;
    assert.ok(callLatency < 1000, `ringing call appeared after ${callLatency} ms`);
    assert.equal(await page.locator('#call-number').textContent(), '+420777123456');
    await call('POST', `${stack.sim.url}/_sim/instances/${inst.name}/calls/${ring.id}/answer`);
    await page.locator('#call-state', { hasText: 'answered' }).waitFor({ timeout: 3000 });
    await page.waitForTimeout(1200);
    await shot(page, 'pause-control-desk');

    await call('POST', `${stack.sim.url}/_sim/instances/${inst.name}/calls/${ring.id}/hangup`);
    await page.locator('#call-active').waitFor({ state: 'hidden', timeout: 3000 });

    // Dial out through queue 2000.
    await page.getByRole('button', { name: 'End pause' }).click();
    await page.getByLabel('Number').fill('+420123456789');
    await page.locator('#dial-queue').selectOption('2000');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.locator('#call-number', { hasText: '+420123456789' }).waitFor({ timeout: 3000 });
    await eventually(async () => (await agentState(inst)).activities.some((a) => a.type === 'CALL' && a.item.direction === 'out'),
      3000, 'outbound call');

    await page.setViewportSize({ width: 420, height: 900 });
    await shot(page, 'pause-control-mobile');
    assert.deepEqual(page.jsErrors || [], []);
    await context.close();
  });

  test('a lost network shows a reconnect status and recovers by itself', async () => {
    const inst = await instance();
    const { context, page } = await newPage();
    await openPbxPage(page, inst);
    await signIn(page);
    await expectLive(page);
    await context.setOffline(true);
    await page.locator('#connection.is-reconnecting').waitFor({ timeout: 9000 });
    assert.match(await page.locator('#connection').textContent(), /Connection lost/);
    assert.equal(await page.locator('#connection').getAttribute('aria-live'), 'polite');
    await shot(page, 'pause-control-offline');
    await context.setOffline(false);
    await expectLive(page);
    // Still live: a change made elsewhere arrives.
    await call('POST', `${inst.api}/usersSession.json`, { pause: 'dnd' }, { 'X-Auth-Token': inst.token });
    await page.locator('#status-text', { hasText: 'On pause: Do not disturb' }).waitFor({ timeout: 3000 });
    await context.close();
  });

  test('an expired token sends the agent back to the login screen with a message', async () => {
    const inst = await instance();
    const { context, page } = await newPage();
    await openPbxPage(page, inst);
    await signIn(page);
    await expectLive(page);
    await call('PUT', `${stack.sim.url}/_sim/instances/${inst.name}/users/agent1/token`, { accessToken: null });
    await page.locator('#login-view').waitFor({ timeout: 9000 });
    assert.match(await page.getByRole('alert').first().textContent(), /session has expired/);
    assert.equal(await page.getByLabel('Username').inputValue(), 'agent1');
    await context.close();
  });

  test('JSONP: auto-detected when the PBX has CORS off, and chosen explicitly', async () => {
    for (const transport of ['auto', 'jsonp']) {
      const inst = await instance(false);
      const { context, page } = await newPage();
      // The page comes from "localhost", the PBX is 127.0.0.1: cross-origin, and CORS is off.
      await openPbxPage(page, inst, { origin: 'localhost', transport });
      await signIn(page);
      await expectLive(page);
      assert.equal(await page.locator('body').getAttribute('data-transport'), 'jsonp');
      assert.match(await page.locator('#connection').textContent(), /JSONP/);
      await queueSwitch(page, 'Outbound sales').click();
      await eventually(async () => (await agentState(inst)).queues.find((q) => q.name === '2000').logged_in, 5000, 'JSONP queue login');
      await page.locator('#pause-select').selectOption('wrap');
      await page.getByRole('button', { name: 'Start pause' }).click();
      await eventually(async () => (await agentState(inst)).pause?.name === 'wrap', 5000, 'JSONP pause');
      await page.locator('#status-text', { hasText: 'On pause: Wrap-up' }).waitFor();
      const entries = await journal(inst);
      assert.ok(entries.some((e) => e.endpoint === 'usersSession' && e.method === 'POST'), 'no tunnelled POST in the journal');
      await context.close();
    }
  });

  test('CORS: chosen or auto-detected when the instance enables it, with the token in a header', async () => {
    for (const transport of ['cors', 'auto']) {
      const inst = await instance(true);
      const { context, page } = await newPage();
      await openPbxPage(page, inst, { origin: 'localhost', transport, token: 'header' });
      await signIn(page);
      await expectLive(page);
      assert.equal(await page.locator('body').getAttribute('data-transport'), 'cors');
      await queueSwitch(page, 'Outbound sales').click();
      await eventually(async () => (await agentState(inst)).queues.find((q) => q.name === '2000').logged_in, 5000, 'CORS queue login');
      const entries = await journal(inst);
      assert.ok(entries.some((e) => e.endpoint === 'usersSession' && e.tokenPlacement === 'header'), 'token not sent as a header');
      assert.ok(!entries.some((e) => e.path.includes('callback')), 'JSONP used');
      await context.close();
    }
  });

  test('CORS with the token in the c_user cookie (same origin)', async () => {
    const inst = await instance(true);
    const { context, page } = await newPage();
    await openPbxPage(page, inst, { transport: 'cors', token: 'cookie' });
    await signIn(page);
    await expectLive(page);
    const entries = await journal(inst);
    assert.ok(entries.some((e) => e.endpoint === 'appPullData' && e.tokenPlacement === 'cookie'), 'token not sent as a cookie');
    await context.close();
  });
});

// --- gateway page ----------------------------------------------------------------------------

describe('pause control through the gateway', () => {
  test('API key, user pick, queue, pause and call through /v1; live state from the SSE stream', async () => {
    const inst = await instance();
    const gw = stack.gateway.url;
    const tenant = await call('POST', `${gw}/admin/tenants`, { name: `browser-${inst.name}` },
      { Authorization: `Bearer ${stack.adminToken}` });
    const auth = { Authorization: `Bearer ${tenant.apiKey}` };
    const host = await call('POST', `${gw}/v1/pbx-hosts`, { name: 'sim', baseUrl: inst.host }, auth);
    const registered = await call('POST', `${gw}/v1/users`,
      { pbxHostId: host.id, login: 'agent1', password: 'agent1pw', monitored: true }, auth);

    const { context, page } = await newPage();
    await page.goto(`${gw}/examples/pause-control-gateway/`);
    await shot(page, 'gateway-login');
    await page.getByLabel('API key').fill('dgk_wrong');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('This API key was not accepted').waitFor();

    await page.getByLabel('API key').fill(tenant.apiKey);
    await page.getByRole('button', { name: 'Continue' }).click();
    const pick = page.locator('.user-pick[data-login="agent1"]');
    await pick.waitFor();
    await shot(page, 'gateway-pick-user');
    await pick.click();

    const connection = page.locator('#connection');
    // The gateway serves /v1/events/stream, so the page must be on the stream, not the 2 s fallback.
    await connection.locator('xpath=self::*[contains(@class,"is-live")]').waitFor({ timeout: 10000 });

    // The desk re-renders when the stream opens and re-reads the state; click once it shows the queue logged out.
    await eventually(async () => (await queueSwitch(page, 'Outbound sales').getAttribute('aria-checked')) === 'false'
      && await queueSwitch(page, 'Outbound sales').isEnabled(), 5000, 'gateway desk settled');
    await queueSwitch(page, 'Outbound sales').click();
    await eventually(async () => (await agentState(inst)).queues.find((q) => q.name === '2000').logged_in, 10000, 'gateway queue login');
    await page.locator('#pause-select').selectOption('lunch');
    await page.getByRole('button', { name: 'Start pause' }).click();
    await page.locator('#status-text', { hasText: 'On pause: Lunch' }).waitFor();
    await eventually(async () => (await agentState(inst)).pause?.name === 'lunch', 5000, 'gateway pause');
    await page.getByRole('button', { name: 'End pause' }).click();
    await page.locator('#status-text', { hasText: /^Available$/ }).waitFor();

    await page.getByLabel('Number').fill('+420555000111');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await eventually(async () => (await agentState(inst)).activities.some((a) => a.item && a.item.clid === '+420555000111'),
      5000, 'gateway call');
    await page.locator('#call-number', { hasText: '+420555000111' }).waitFor({ timeout: 5000 });

    // A change made on the PBX directly reaches the page through the gateway's poll loop and the stream.
    await call('POST', `${inst.api}/usersSession.json`, { pause: 'break' }, { 'X-Auth-Token': inst.token });
    await page.locator('#status-text', { hasText: 'On pause: Break' }).waitFor({ timeout: 4000 });
    await page.waitForTimeout(1100);
    await shot(page, 'gateway-desk');

    // Operation errors show the problem's detail.
    await call('DELETE', `${gw}/v1/users/${registered.id}`, undefined, auth);
    await page.getByRole('button', { name: 'End pause' }).click();
    await page.locator('#notice.alert-error').waitFor();
    assert.ok((await page.locator('#notice').textContent()).length > 3);
    assert.deepEqual(page.jsErrors || [], []);
    assert.deepEqual(page.cspViolations || [], []);
    await context.close();
  });

  test('the usage page is styled from its own file under the Content-Security-Policy', async () => {
    const { context, page } = await newPage();
    const response = await page.goto(`${stack.gateway.url}/js/`);
    assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);
    assert.equal(await page.locator('main').evaluate((e) => getComputedStyle(e).maxWidth), '820px');
    assert.deepEqual(page.cspViolations || [], []);
    await context.close();
  });
});
