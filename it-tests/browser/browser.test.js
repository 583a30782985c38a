'use strict';
// Browser tests of daktela-cli.js and both pause-control pages, in headless Debian Chromium driven by
// playwright-core, against the packaged simulator and gateway started here on free loopback ports.
//
//   node browser.test.js                      (from it-tests/browser, after npm ci)
//   DIALGATE_SCREENSHOTS=docs node browser.test.js   also refreshes the PNGs in docs/

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
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

/**
 * An instance that also has an SMS queue, a second outbound queue, a pause no page could guess,
 * ticket categories (support needs a status to close) and a supervisor with rights over agent1.
 */
async function richInstance(cors = false) {
  const inst = await instance(cors);
  const sim = `${stack.sim.url}/_sim/instances/${inst.name}`;
  await call('POST', `${sim}/queues`, { name: '3000', title: 'Text messages', type: 'sms' });
  await call('POST', `${sim}/queues`, { name: '4000', title: 'Collections', type: 'out' });
  await call('POST', `${sim}/pauses`, { name: 'coaching', title: 'Coaching session', type: null, paid: true });
  await call('POST', `${sim}/statuses`, { name: 'resolved', title: 'Resolved' });
  await call('POST', `${sim}/ticket-categories`, { name: 'support', title: 'Support desk', smsQueue: '3000', statusRequired: 'closing_ticket' });
  await call('POST', `${sim}/ticket-categories`, { name: 'sales', title: 'Sales leads' });
  await call('POST', `${sim}/users`, {
    login: 'boss', password: 'bosspw', accessToken: `boss-${inst.name}`, title: 'Boss', rights: ['agent1'],
  });
  return { ...inst, bossToken: `boss-${inst.name}` };
}

async function ticket(inst, name) {
  return (await call('GET', `${inst.api}/tickets/${name}.json`, undefined, { 'X-Auth-Token': inst.token })).result;
}

const optionValues = (page, selector) => page.locator(`${selector} option`).evaluateAll((os) => os.map((o) => o.value));
const optionTexts = (page, selector) => page.locator(`${selector} option`).evaluateAll((os) => os.map((o) => o.textContent));

/**
 * Drives the SMS and ticket panels of either page against a richInstance: discovery lists, queue
 * types, one SMS, one ticket created and moved to WAIT, and a refused close shown as an error.
 */
async function smsAndTickets(page, inst, shotName) {
  // Lists come from the PBX: the unusual pause and both categories, by their PBX titles.
  await eventually(async () => (await optionValues(page, '#pause-select')).includes('coaching'), 5000, 'pauses from the PBX');
  assert.ok((await optionTexts(page, '#pause-select')).includes('Coaching session'));
  await eventually(async () => (await optionValues(page, '#ticket-category')).join() === 'support,sales', 5000, 'categories');
  assert.deepEqual(await optionTexts(page, '#ticket-category'), ['Support desk', 'Sales leads']);
  await eventually(async () => await page.locator('#sms-hint').isVisible(), 5000, 'the hint: no SMS queue logged in yet');

  // Log in to the inbound, an outbound and the SMS queue: only the outbound one is offered for
  // dialling, only the SMS one for texting.
  for (const [title, queue] of [['Inbound support', '1000'], ['Outbound sales', '2000'], ['Text messages', '3000']]) {
    await eventually(async () => await queueSwitch(page, title).isEnabled(), 5000, `${title} switch enabled`);
    await queueSwitch(page, title).click();
    await eventually(async () => (await agentState(inst)).queues.find((q) => q.name === queue).logged_in, 8000, `login to ${queue}`);
    await eventually(async () => (await queueSwitch(page, title).getAttribute('aria-checked')) === 'true', 8000, `${title} on`);
  }
  assert.deepEqual(await optionValues(page, '#dial-queue'), ['2000'], 'only the logged-in outbound queue is offered for dialling');
  assert.deepEqual(await optionValues(page, '#sms-queue'), ['3000']);
  assert.equal(await page.locator('.queue-list li[data-queue="3000"] .badge').textContent(), 'SMS');

  // Send an SMS: it reaches the PBX as an SMS activity of agent1 through queue 3000.
  const text = `Technician arrives at 10:30 <b>${inst.name}</b>`;
  await page.locator('#sms-number').fill('+420 600 111 222');
  await page.locator('#sms-text').fill(text);
  await page.getByRole('button', { name: 'Send SMS' }).click();
  await page.locator('#notice', { hasText: 'SMS sent to +420600111222' }).waitFor();
  await eventually(async () => (await agentState(inst)).activities.some((a) => a.type === 'SMS' && a.item.text === text
    && a.item.sender === '+420600111222' && a.item.direction === 'OUT'), 5000, 'the SMS on the PBX');
  assert.equal(await page.locator('#sms-text').inputValue(), '', 'the message box is cleared after sending');

  // A bad number never leaves the page.
  await page.locator('#sms-number').fill('call me');
  await page.locator('#sms-text').fill('x');
  const writes = async () => (await journal(inst)).filter((e) => e.method !== 'GET').length;
  const writesBefore = await writes();
  await page.getByRole('button', { name: 'Send SMS' }).click();
  await page.locator('#notice.alert-error', { hasText: 'phone number' }).waitFor();
  assert.equal(await writes(), writesBefore, 'a refused number was sent');

  // Create a ticket; the PBX has it assigned to agent1.
  const title = `Router keeps rebooting <i>${inst.name}</i>`;
  await page.locator('#ticket-title').fill(title);
  await page.locator('#ticket-category').selectOption('sales');
  await page.locator('#ticket-priority').selectOption('HIGH');
  await page.locator('#ticket-description').fill('Since Monday');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await page.locator('#notice', { hasText: /Ticket #\d+ created/ }).waitFor();
  const id = (await page.locator('#notice').textContent()).match(/#(\d+)/)[1];
  const created = await ticket(inst, id);
  assert.equal(created.title, title);
  assert.equal(created.category.name, 'sales');
  assert.equal(created.priority, 'HIGH');
  assert.equal(created.user.name, 'agent1');
  const row = page.locator(`#ticket-list li[data-ticket="${id}"]`);
  // PBX text is shown as text, never parsed as markup.
  assert.equal(await row.locator('.queue-name').textContent(), `#${id} ${title}`);
  assert.equal(await row.locator('i').count(), 0);
  assert.match(await row.locator('.queue-sub').textContent(), /Sales leads · high/);

  // Update it: stage WAIT.
  await row.getByLabel(`Stage of ticket #${id}`).selectOption('WAIT');
  await row.getByRole('button', { name: `Save ticket #${id}` }).click();
  await page.locator('#notice', { hasText: `Ticket #${id} saved.` }).waitFor();
  await eventually(async () => (await ticket(inst, id)).stage === 'WAIT', 5000, 'ticket in WAIT');

  // A support ticket cannot be closed without a status: the PBX's refusal is shown, the ticket stays open.
  await page.locator('#ticket-title').fill('Needs a status to close');
  await page.locator('#ticket-category').selectOption('support');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await page.locator('#notice', { hasText: /Ticket #\d+ created/ }).waitFor();
  const strict = (await page.locator('#notice').textContent()).match(/#(\d+)/)[1];
  assert.notEqual(strict, id);
  await page.locator(`#ticket-list li[data-ticket="${strict}"]`).getByLabel(`Stage of ticket #${strict}`).selectOption('CLOSE');
  await page.getByRole('button', { name: `Save ticket #${strict}` }).click();
  await page.locator('#notice.alert-error', { hasText: /status/i }).waitFor();
  assert.equal((await ticket(inst, strict)).stage, 'OPEN');
  // Show the successful update in the screenshot, not the refusal.
  await page.locator(`#ticket-list li[data-ticket="${strict}"]`).getByLabel(`Stage of ticket #${strict}`).selectOption('OPEN');
  await page.locator('#sms-number').fill('+420600111222');
  await page.locator('#sms-text').fill('Your ticket is being handled.');
  await page.evaluate(() => { document.getElementById('notice').hidden = true; });
  await shot(page, shotName);
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

describe('daktela-cli.js 1.1.0 without a PBX', () => {
  function load() {
    const sandbox = {};
    new Function('window', fs.readFileSync(path.join(ROOT,
      'api-client/src/main/browser/js/daktela-cli-1.1.0.js'), 'utf8'))(sandbox);
    const cli = new sandbox.daktelaCLI().init({ host: 'http://127.0.0.1:9', transport: 'cors', accessToken: 't' });
    cli.sent = [];
    cli.request = (method, endpoint, params) => { cli.sent.push({ method, endpoint, params }); return Promise.resolve({ result: {} }); };
    return { sandbox, cli };
  }

  test('a missing required field is an invalid DaktelaError naming it, and nothing is sent', async () => {
    const { sandbox, cli } = load();
    for (const [promise, field] of [
      [cli.activities.sms.send({ number: '+420600111222', queue: '3000' }), 'text'],
      [cli.activities.sms.send({ text: 'hi', queue: '3000' }), 'number'],
      [cli.tickets.create({ title: 'x' }), 'category'],
      [cli.tickets.update('', { stage: 'CLOSE' }), 'name'],
      [cli.activities.call.dial({ number: '123' }), 'queue'],
    ]) {
      await assert.rejects(promise, (e) => e instanceof sandbox.DaktelaError && e.kind === 'invalid' && e.message.startsWith(field));
    }
    assert.deepEqual(cli.sent, []);
    // The error callback of Daktela's style gets the same error.
    const failed = await new Promise((resolve) => cli.tickets.create({}, null, resolve).catch(() => {}));
    assert.match(failed.message, /title/);
  });

  test('SMS, tickets and forLogin become the Daktela requests', async () => {
    const { cli } = load();
    await cli.activities.sms.send({ number: '+420600111222', text: 'hi', queue: '3000', forLogin: 'agent2', name: 'k1' });
    await cli.activities.call.dial({ number: '123', queue: 2000, forLogin: 'agent2' });
    await cli.tickets.create({ title: 'T', category: 'support', customFields: { order: ['A-1'] } });
    await cli.tickets.update(42, { stage: 'CLOSE', statuses: ['resolved'] });
    assert.deepEqual(JSON.parse(JSON.stringify(cli.sent)), [
      { method: 'POST', endpoint: 'activities', params: { type: 'SMS', number: '+420600111222', text: 'hi', queue: '3000', user: 'agent2', name: 'k1' } },
      { method: 'POST', endpoint: 'activities', params: { number: '123', type: 'CALL', queue: 2000, user: 'agent2' } },
      { method: 'POST', endpoint: 'tickets', params: { title: 'T', category: 'support', customFields: { order: ['A-1'] } } },
      { method: 'PUT', endpoint: 'tickets/42', params: { stage: 'CLOSE', statuses: ['resolved'] } },
    ]);
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
    // 1.1.0 is served beside 1.0.0, which stays byte for byte what it was.
    const newer = [];
    for (const base of [stack.sim.url, stack.gateway.url]) {
      const response = await fetch(`${base}/js/daktela-cli-1.1.0.js`);
      assert.equal(response.status, 200, base);
      newer.push(await response.text());
    }
    assert.equal(newer[0], newer[1], 'the two apps serve different daktela-cli 1.1.0');
    assert.match(newer[0], /daktela-cli\.js 1\.1\.0/);
    // A released version never changes: pages load it by name and may cache it for ever.
    assert.equal(crypto.createHash('sha256').update(bodies[0]).digest('hex'),
      '97df8724b41cf3367d8ccfd2716303c8e353148c125e5d8e2a9d15c03974eba7', 'daktela-cli-1.0.0.js changed after its release');
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

  test('lists come from the PBX; send an SMS, create and update a ticket', async () => {
    const inst = await richInstance();
    const { context, page } = await newPage({ width: 1180, height: 1180 });
    await openPbxPage(page, inst);
    await signIn(page);
    await expectLive(page);
    await smsAndTickets(page, inst, 'pause-control-sms-ticket');
    // The journal shows what the page sent: one SMS activity and the ticket writes.
    const entries = await journal(inst);
    assert.equal(entries.filter((e) => e.endpoint === 'activities' && e.method === 'POST' && e.body?.type === 'SMS').length, 1);
    assert.ok(entries.some((e) => e.endpoint === 'tickets' && e.method === 'PUT' && e.status === 200));
    assert.deepEqual(page.jsErrors || [], []);
    await context.close();
  });

  test('JSONP: SMS and tickets tunnel their writes too', async () => {
    const inst = await richInstance(false);
    await call('POST', `${inst.api}/usersSession.json`, { queues: [{ name: '3000', login: true, penalty: 0 }] },
      { 'X-Auth-Token': inst.token });
    const { context, page } = await newPage();
    await openPbxPage(page, inst, { origin: 'localhost', transport: 'jsonp' });
    await signIn(page);
    await expectLive(page);
    assert.equal(await page.locator('body').getAttribute('data-transport'), 'jsonp');
    await eventually(async () => (await optionValues(page, '#sms-queue')).join() === '3000', 5000, 'SMS queue offered');
    await page.locator('#sms-number').fill('+420600999888');
    await page.locator('#sms-text').fill('Sent over JSONP');
    await page.getByRole('button', { name: 'Send SMS' }).click();
    await page.locator('#notice', { hasText: 'SMS sent' }).waitFor();
    await eventually(async () => (await agentState(inst)).activities.some((a) => a.type === 'SMS' && a.item.text === 'Sent over JSONP'),
      5000, 'JSONP SMS');
    await eventually(async () => (await optionValues(page, '#ticket-category')).length === 2, 5000, 'categories');
    await page.locator('#ticket-title').fill('Over JSONP');
    await page.locator('#ticket-category').selectOption('sales');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.locator('#notice', { hasText: /Ticket #\d+ created/ }).waitFor();
    const id = (await page.locator('#notice').textContent()).match(/#(\d+)/)[1];
    await page.getByLabel(`Stage of ticket #${id}`).selectOption('CLOSE');
    await page.getByRole('button', { name: `Save ticket #${id}` }).click();
    await eventually(async () => (await ticket(inst, id)).stage === 'CLOSE', 5000, 'JSONP ticket closed');
    assert.ok((await journal(inst)).some((e) => e.endpoint === 'tickets' && e.method === 'PUT' && e.query.includes('callback')),
      'the update did not tunnel through JSONP');
    await context.close();
  });

  test('the library dials and texts for another user with forLogin', async () => {
    const inst = await richInstance(true);
    await call('POST', `${inst.api}/usersSession.json`, { queues: [{ name: '2000', login: true, penalty: 0 }, { name: '3000', login: true, penalty: 0 }] },
      { 'X-Auth-Token': inst.token });
    const { context, page } = await newPage();
    await page.goto(`${stack.sim.url}/js/`);
    await page.addScriptTag({ url: '/js/daktela-cli-1.1.0.js' });
    const outcome = await page.evaluate(async ({ host, token }) => {
      const cli = new daktelaCLI().init({ host, accessToken: token, transport: 'cors' });
      const call = await cli.activities.call.dial({ number: '+420111222333', queue: 2000, forLogin: 'agent1' });
      const sms = await cli.activities.sms.send({ number: '+420111222333', text: 'For agent1', queue: 3000, forLogin: 'agent1' });
      let refused = null;
      await cli.activities.sms.send({ number: '+420111222333', text: 'x', queue: 3000, forLogin: 'agent2' },
        null, (e) => { refused = { kind: e.kind, message: e.message }; }).catch(() => {});
      return { callUser: call.user, smsUser: sms.user, refused };
    }, { host: inst.host, token: inst.bossToken });
    const login = (u) => (u && typeof u === 'object' ? u.name : u);
    assert.equal(login(outcome.callUser), 'agent1');
    assert.equal(login(outcome.smsUser), 'agent1');
    assert.ok(outcome.refused && outcome.refused.kind !== 'network', `forLogin without rights: ${JSON.stringify(outcome.refused)}`);
    const state = await agentState(inst);
    assert.ok(state.activities.some((a) => a.type === 'SMS' && a.item.text === 'For agent1'));
    assert.ok(state.activities.some((a) => a.type === 'CALL' && a.item.direction === 'out'));
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

  test('pauses, queues and categories from the gateway; SMS and tickets through /v1', async () => {
    const inst = await richInstance();
    const gw = stack.gateway.url;
    const tenant = await call('POST', `${gw}/admin/tenants`, { name: `browser-sms-${inst.name}` },
      { Authorization: `Bearer ${stack.adminToken}` });
    const auth = { Authorization: `Bearer ${tenant.apiKey}` };
    const host = await call('POST', `${gw}/v1/pbx-hosts`, { name: 'sim', baseUrl: inst.host }, auth);
    await call('POST', `${gw}/v1/users`, { pbxHostId: host.id, login: 'agent1', password: 'agent1pw', monitored: true }, auth);

    const { context, page } = await newPage({ width: 1180, height: 1180 });
    await page.goto(`${gw}/examples/pause-control-gateway/`);
    assert.equal(await page.locator('#pause-names').count(), 0, 'the page must not ask for pause names');
    await page.getByLabel('API key').fill(tenant.apiKey);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.user-pick[data-login="agent1"]').click();
    await page.locator('#connection.is-live').waitFor({ timeout: 10000 });
    await smsAndTickets(page, inst, 'gateway-sms-ticket');
    // The SMS went through /v1 with an Idempotency-Key, which names the activity on the PBX.
    const sms = (await agentState(inst)).activities.filter((a) => a.type === 'SMS');
    assert.equal(sms.length, 1);
    assert.match(sms[0].name, /^dgsms_/);
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
