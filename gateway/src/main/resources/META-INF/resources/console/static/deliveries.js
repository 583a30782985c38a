'use strict';
// Deliveries: newest first, filtered by endpoint, state, event type, user and time; attempts and retry.
(function () {
  const dg = window.dialgate;
  const el = dg.el;
  const TYPES = ['queue.login', 'queue.logout', 'pause.started', 'pause.ended', 'call.ringing', 'call.answered', 'call.ended',
    'sms.sent', 'user.token_invalid', 'user.polling_failed', 'pbx.unreachable', 'pbx.reachable', 'endpoint.failing',
    'endpoint.disabled', 'endpoint.recovered', 'webhook.test'];
  const TONES = { delivered: 'ok', pending: 'warn', sending: 'warn', failed: 'bad', endpoint_disabled: 'bad' };
  const endpoints = new Map();
  let cursor = null;

  function query() {
    const form = document.getElementById('delivery-filters');
    const params = new URLSearchParams({ order: 'newest', limit: '50' });
    for (const name of ['webhookId', 'state', 'eventType', 'userId']) {
      if (form.elements[name].value) params.set(name, form.elements[name].value);
    }
    for (const name of ['from', 'to']) {
      const at = dg.instant(form.elements[name].value);
      if (at) params.set(name, at);
    }
    return params;
  }

  function attemptsRow(d) {
    const rows = d.attempts.map((a) => el('tr', {},
      el('td', {}, dg.timeEl(a.attemptedAt)), el('td', {}, a.trigger),
      el('td', {}, a.statusCode === null ? dg.badge('no answer', 'bad') : dg.badge(String(a.statusCode), a.statusCode < 300 ? 'ok' : 'bad')),
      el('td', {}, a.durationMs + ' ms'),
      el('td', { class: 'wrap' }, a.error || a.responseBody || '')));
    return el('tr', { class: 'attempts', 'data-attempts-of': d.id, hidden: true },
      el('td', { colspan: 7 }, d.attempts.length
        ? el('table', {}, el('thead', {}, el('tr', {}, ['At', 'Trigger', 'Status', 'Duration', 'Response or error'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, rows))
        : el('span', { class: 'muted' }, 'No attempt yet.')));
  }

  function rows(d) {
    const main = el('tr', { 'data-delivery': d.id, 'data-state': d.state },
      el('td', {}, dg.timeEl(d.createdAt)),
      el('td', {}, d.eventType),
      el('td', { class: 'wrap' }, endpoints.get(d.webhookId) || d.webhookId),
      el('td', {}, dg.badge(d.state, TONES[d.state])),
      el('td', {}, String(d.attemptCount)),
      el('td', {}, d.lastStatus === null ? (d.lastError || '—') : String(d.lastStatus)),
      el('td', { class: 'actions' },
        dg.button('Attempts', (event) => {
          const detail = document.querySelector('tr[data-attempts-of="' + CSS.escape(d.id) + '"]');
          detail.hidden = !detail.hidden;
          event.target.setAttribute('aria-expanded', String(!detail.hidden));
        }, 'quiet'),
        dg.button('Retry', () => retry(d.id))));
    main.querySelector('button').setAttribute('aria-expanded', 'false');
    return [main, attemptsRow(d)];
  }

  function replace(d) {
    const main = document.querySelector('tr[data-delivery="' + CSS.escape(d.id) + '"]');
    if (!main) return;
    const [fresh, detail] = rows(d);
    const oldDetail = main.nextElementSibling;
    detail.hidden = oldDetail.hidden;
    oldDetail.replaceWith(detail);
    main.replaceWith(fresh);
  }

  /** Retries now, then follows the delivery until it is no longer pending or sending (or 30 s pass). */
  async function retry(id) {
    await dg.act(async () => {
      replace(await dg.api('POST', '/v1/deliveries/' + id + '/retry'));
      dg.say('Retry queued.');
      const end = Date.now() + 30000;
      while (Date.now() < end) {
        await new Promise((r) => setTimeout(r, 500));
        const d = await dg.api('GET', '/v1/deliveries/' + id);
        replace(d);
        if (d.state !== 'pending' && d.state !== 'sending') {
          dg.say('Delivery ' + d.state + '.');
          return;
        }
      }
    });
  }

  async function load(more) {
    const params = query();
    if (more && cursor) params.set('after', cursor);
    const page = await dg.api('GET', '/v1/deliveries?' + params);
    const body = document.querySelector('#deliveries tbody');
    const built = page.data.flatMap(rows);
    if (more) body.append(...built); else body.replaceChildren(...built);
    if (!more && !page.data.length) body.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No deliveries match.')));
    cursor = page.nextCursor;
    document.getElementById('more').hidden = !cursor;
  }

  dg.ready(async () => {
    const form = document.getElementById('delivery-filters');
    TYPES.forEach((t) => form.elements.eventType.append(el('option', { value: t }, t)));
    const [hooks, users] = await Promise.all([dg.all('/v1/webhooks'), dg.all('/v1/users')]);
    hooks.forEach((w) => { endpoints.set(w.id, w.description || w.url); form.elements.webhookId.append(el('option', { value: w.id }, w.description || w.url)); });
    users.forEach((u) => form.elements.userId.append(el('option', { value: u.id }, u.login)));
    const preset = new URLSearchParams(window.location.search);
    for (const name of ['webhookId', 'state', 'eventType', 'userId']) {
      if (preset.get(name)) form.elements[name].value = preset.get(name);
    }
    form.addEventListener('submit', (event) => { event.preventDefault(); dg.act(() => load(false)); });
    document.getElementById('more').addEventListener('click', () => dg.act(() => load(true)));
    await load(false);
  });
}());
