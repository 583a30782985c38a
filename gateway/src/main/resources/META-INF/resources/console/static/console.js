'use strict';
// Dialgate console, shared by every page: the credential (session storage only), API calls, safe DOM building,
// messages and the navigation. Text always goes in with textContent, never as HTML, so data is shown as text.
(function () {
  const STORE = 'dialgate.console';
  const dg = {};
  window.dialgate = dg;

  dg.credential = function () {
    try { return JSON.parse(sessionStorage.getItem(STORE)); } catch (e) { return null; }
  };
  dg.remember = function (role, secret) { sessionStorage.setItem(STORE, JSON.stringify({ role, secret })); };
  dg.signOut = function (why) {
    sessionStorage.removeItem(STORE);
    if (dg.stream) dg.stream.abort();
    window.location.assign(why ? '/console#' + why : '/console');
  };

  /** A problem document (or any failed answer) as an Error whose message a person can act on. */
  async function failure(response) {
    let detail = '';
    try {
      const body = await response.json();
      detail = body.detail || body.title || '';
      if (Array.isArray(body.errors) && body.errors.length) {
        detail += ' (' + body.errors.map((e) => e.field + ': ' + e.message).join('; ') + ')';
      }
    } catch (e) { /* not JSON */ }
    const error = new Error(detail || ('The gateway answered ' + response.status));
    error.status = response.status;
    return error;
  }

  /** Calls the API with this tab's credential; a 401 means the key went away: back to sign-in. */
  dg.api = async function (method, path, body, secret) {
    const cred = dg.credential();
    const key = secret || (cred && cred.secret);
    const headers = { Accept: 'application/json', Authorization: 'Bearer ' + key };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    if (response.status === 401 && !secret) {
      dg.signOut('expired');
      throw new Error('Signed out: the key is no longer accepted');
    }
    if (!response.ok) throw await failure(response);
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  };

  /** Every page of a list endpoint, followed through nextCursor. */
  dg.all = async function (path, limit = 200) {
    const items = [];
    let after = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await dg.api('GET', path + sep + 'limit=' + limit + (after ? '&after=' + encodeURIComponent(after) : ''));
      items.push(...page.data);
      after = page.nextCursor;
    } while (after);
    return items;
  };

  /** Builds an element; strings become text nodes, so markup in data is shown, never run. */
  dg.el = function (tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  dg.badge = (text, tone) => dg.el('span', { class: 'badge ' + (tone || 'muted') }, text);
  dg.button = (text, onclick, cls) => dg.el('button', { type: 'button', class: cls, onclick }, text);
  dg.time = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
  dg.timeEl = (iso) => (iso ? dg.el('time', { datetime: iso, title: iso }, dg.time(iso)) : '—');
  /** A datetime-local value (the browser's zone) as an ISO instant, or null. */
  dg.instant = (local) => (local ? new Date(local).toISOString() : null);

  dg.say = function (text) {
    document.getElementById('error').textContent = '';
    document.getElementById('status').textContent = text;
  };
  dg.fail = function (error, where) {
    const text = error && error.message ? error.message : String(error);
    (where || document.getElementById('error')).textContent = text;
  };
  /** Runs an action, showing its failure in the page's alert (or the given one). */
  dg.act = async function (fn, where) {
    if (where) where.textContent = '';
    try { return await fn(); } catch (e) { dg.fail(e, where); return undefined; }
  };

  /** Shows a secret once, in a dialog with a copy button; it is never stored. */
  dg.showSecret = function (title, secret, note) {
    const dialog = document.getElementById('secret-dialog');
    document.getElementById('secret-title').textContent = title;
    document.getElementById('secret-note').textContent = note || 'This secret is shown only once: copy it now.';
    const input = document.getElementById('secret-value');
    input.value = secret;
    dialog.showModal();
    input.select();
  };

  /**
   * Reads the tenant's event stream with fetch (EventSource cannot send the Authorization header) and calls
   * onEvent with each event; reconnects with Last-Event-ID after a drop.
   */
  dg.listen = function (query, onEvent, onState) {
    const controller = new AbortController();
    dg.stream = controller;
    let last = null;
    async function run() {
      while (!controller.signal.aborted) {
        try {
          const headers = { Authorization: 'Bearer ' + dg.credential().secret, Accept: 'text/event-stream' };
          if (last) headers['Last-Event-ID'] = last;
          const response = await fetch('/v1/events/stream' + (query ? '?' + query : ''), { headers, signal: controller.signal });
          if (response.status === 401) { dg.signOut('expired'); return; }
          if (!response.ok) throw new Error('stream answered ' + response.status);
          onState(true);
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let cut;
            while ((cut = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              let id = null; const data = [];
              for (const line of block.split('\n')) {
                if (line.startsWith('id:')) id = line.slice(3).trim();
                else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
              }
              if (id) last = id;
              if (data.length) {
                try { onEvent(JSON.parse(data.join('\n'))); } catch (e) { /* a malformed event is skipped */ }
              }
            }
          }
        } catch (e) {
          if (controller.signal.aborted) return;
        }
        onState(false);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
    run();
    return controller;
  };

  dg.liveIndicator = function (on) {
    const live = document.getElementById('live');
    if (!live) return;
    live.dataset.state = on ? 'on' : 'off';
    live.textContent = on ? 'Live updates: on' : 'Live updates: reconnecting…';
  };

  /** Page start: a page for one role sends anyone else to sign-in, then shows its navigation. */
  dg.ready = function (start) {
    document.addEventListener('DOMContentLoaded', () => {
      const role = document.body.dataset.role;
      const cred = dg.credential();
      if (role !== 'public') {
        if (!cred || cred.role !== role) { window.location.replace('/console'); return; }
        const nav = document.querySelector('nav[data-for="' + role + '"]');
        nav.hidden = false;
        for (const a of nav.querySelectorAll('a')) {
          if (a.getAttribute('href') === window.location.pathname) a.setAttribute('aria-current', 'page');
        }
        document.getElementById('who').textContent = role === 'operator' ? 'Operator' : 'Tenant';
        const out = document.getElementById('sign-out');
        out.hidden = false;
        out.addEventListener('click', () => dg.signOut());
      }
      const dialog = document.getElementById('secret-dialog');
      document.getElementById('secret-close').addEventListener('click', () => {
        document.getElementById('secret-value').value = '';
        dialog.close();
      });
      document.getElementById('secret-copy').addEventListener('click', async () => {
        const input = document.getElementById('secret-value');
        try { await navigator.clipboard.writeText(input.value); dg.say('Copied.'); } catch (e) { input.select(); document.execCommand('copy'); }
      });
      Promise.resolve(start ? start() : null).catch((e) => dg.fail(e));
    });
  };
}());
