'use strict';
// Webhooks: endpoints with their health; create, edit, rotate the secret, disable and enable, recover, test.
(function () {
  const dg = window.dialgate;
  const el = dg.el;
  const TYPES = ['queue.login', 'queue.logout', 'pause.started', 'pause.ended', 'call.ringing', 'call.answered', 'call.ended',
    'sms.sent', 'user.token_invalid', 'user.polling_failed', 'pbx.unreachable', 'pbx.reachable', 'endpoint.failing',
    'endpoint.disabled', 'endpoint.recovered'];
  let editing = null;

  function typeBoxes(container, prefix, checked) {
    container.replaceChildren(...TYPES.map((t) => el('label', {},
      el('input', { type: 'checkbox', name: 'eventTypes', value: t, id: prefix + t, checked: checked.includes(t) }), t)));
  }
  const checkedTypes = (form) => [...form.querySelectorAll('input[name=eventTypes]:checked')].map((i) => i.value);

  function healthCells(h) {
    if (!h) return [el('td', {}, '…'), el('td', {}, '…')];
    const rate = h.successRate === null ? el('span', { class: 'muted' }, 'no attempts')
      : dg.badge(Math.round(h.successRate * 1000) / 10 + ' % of ' + h.attempts, h.successRate >= 0.99 ? 'ok' : h.successRate >= 0.9 ? 'warn' : 'bad');
    return [el('td', {}, rate), el('td', {}, h.p50LatencyMs === null ? '—' : h.p50LatencyMs + ' ms')];
  }

  function row(w, h) {
    const enabled = w.status === 'enabled';
    const status = el('td', {}, dg.badge(w.status + (w.disabledReason ? ' (' + w.disabledReason + ')' : ''), enabled ? (w.consecutiveFailures ? 'warn' : 'ok') : 'bad'));
    if (w.consecutiveFailures) status.append(el('div', { class: 'hint' }, w.consecutiveFailures + (w.consecutiveFailures === 1 ? ' failure' : ' failures') + ' in a row'));
    return el('tr', { 'data-webhook': w.id },
      el('th', { scope: 'row', class: 'wrap' }, el('div', {}, w.url), el('div', { class: 'hint' }, w.description || '')),
      el('td', {}, w.eventTypes.length ? w.eventTypes.join(', ') : 'all'),
      status, ...healthCells(h),
      el('td', { class: 'actions' },
        dg.button('Edit', () => edit(w), 'quiet'),
        el('a', { href: '/console/deliveries?webhookId=' + encodeURIComponent(w.id) }, 'Deliveries'), ' ',
        dg.button('Send test event', () => dg.act(async () => {
          const d = await dg.api('POST', '/v1/webhooks/' + w.id + '/test');
          dg.say('Test event queued as delivery ' + d.id + '.');
        }), 'quiet'),
        dg.button('Rotate secret', () => dg.act(async () => {
          const r = await dg.api('POST', '/v1/webhooks/' + w.id + '/rotate-secret');
          dg.showSecret('New signing secret', r.secret, 'Shown only once. The old secret keeps signing beside it until ' + dg.time(r.previousSecretExpiresAt) + '.');
        }), 'quiet'),
        dg.button(enabled ? 'Disable' : 'Enable', () => dg.act(async () => {
          await dg.api('PATCH', '/v1/webhooks/' + w.id, { enabled: !enabled });
          dg.say(enabled ? 'Endpoint disabled.' : 'Endpoint enabled.');
          await load();
        }), enabled ? 'danger' : undefined),
        dg.button('Delete', () => dg.act(async () => {
          if (!window.confirm('Delete this endpoint and its delivery log?')) return;
          await dg.api('DELETE', '/v1/webhooks/' + w.id);
          dg.say('Endpoint deleted.');
          await load();
        }), 'danger')));
  }

  async function load() {
    const hooks = await dg.all('/v1/webhooks');
    const body = document.querySelector('#webhooks tbody');
    body.replaceChildren(...hooks.map((w) => row(w, null)));
    if (!hooks.length) body.append(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No endpoints yet.')));
    await Promise.all(hooks.map(async (w) => {
      const h = await dg.api('GET', '/v1/webhooks/' + w.id + '/health').catch(() => null);
      const old = body.querySelector('tr[data-webhook="' + CSS.escape(w.id) + '"]');
      if (old) old.replaceWith(row(w, h));
    }));
  }

  function edit(w) {
    editing = w;
    const form = document.getElementById('webhook-edit');
    form.elements.url.value = w.url;
    form.elements.description.value = w.description || '';
    typeBoxes(document.getElementById('edit-types'), 'edit-', w.eventTypes);
    document.getElementById('webhook-title').textContent = 'Endpoint ' + w.id;
    document.getElementById('webhook-error').textContent = '';
    document.getElementById('webhook-dialog').showModal();
  }

  dg.ready(async () => {
    typeBoxes(document.getElementById('wh-types'), 'new-', []);
    document.getElementById('webhook-create').addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.target;
      dg.act(async () => {
        const created = await dg.api('POST', '/v1/webhooks', { url: form.elements.url.value.trim(),
          description: form.elements.description.value || null, eventTypes: checkedTypes(form) });
        form.reset();
        dg.showSecret('Signing secret of the new endpoint', created.secret);
        await load();
      });
    });
    document.getElementById('webhook-edit').addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.target;
      dg.act(async () => {
        await dg.api('PATCH', '/v1/webhooks/' + editing.id, { url: form.elements.url.value.trim(),
          description: form.elements.description.value, eventTypes: checkedTypes(form) });
        document.getElementById('webhook-dialog').close();
        dg.say('Endpoint saved.');
        await load();
      }, document.getElementById('webhook-error'));
    });
    document.getElementById('webhook-recover').addEventListener('submit', (event) => {
      event.preventDefault();
      dg.act(async () => {
        const r = await dg.api('POST', '/v1/webhooks/' + editing.id + '/recover', { since: dg.instant(event.target.elements.since.value) });
        document.getElementById('webhook-dialog').close();
        dg.say(r.requeued + ' deliveries queued again.');
        await load();
      }, document.getElementById('webhook-error'));
    });
    document.getElementById('webhook-close').addEventListener('click', () => document.getElementById('webhook-dialog').close());
    await load();
  });
}());
