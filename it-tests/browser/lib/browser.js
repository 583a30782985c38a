'use strict';
// What every browser test file shares: Debian's Chromium through playwright-core, a page that records script errors
// and Content-Security-Policy violations, screenshots, JSON calls to the apps, and waiting for a condition.

const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./stack');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.error(`Browser tests need Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium chromium-driver".`);
  process.exit(1);
}
const { chromium } = require('playwright-core');

// DIALGATE_SCREENSHOTS=docs writes the screenshots over the ones in docs/; otherwise they go to target/.
const SHOTS = process.env.DIALGATE_SCREENSHOTS === 'docs'
  ? path.join(ROOT, 'docs')
  : path.join(__dirname, '..', '..', 'target', 'screenshots');

/** A fresh headless Chromium; launch() gives every run a temporary profile and playwright-core never downloads one. */
function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page in its own context; page.jsErrors and page.cspViolations collect what went wrong in it. */
async function newPage(browser, { viewport = { width: 1180, height: 760 }, timeout = 8000 } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  page.on('pageerror', (e) => { page.jsErrors = (page.jsErrors || []).concat(e.message); });
  // The gateway's pages run under a Content-Security-Policy; anything it blocks is reported on the console.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) page.cspViolations = (page.cspViolations || []).concat(m.text());
  });
  return { context, page };
}

async function shot(page, name, { fullPage = false } = {}) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** A JSON call; a failed answer throws with its status and body. */
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

/** Waits until check() resolves truthy; a check that throws counts as not yet, and its last error is reported. */
async function eventually(check, timeoutMs = 5000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

module.exports = { launchBrowser, newPage, shot, call, eventually, CHROMIUM, SHOTS };
