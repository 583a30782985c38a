'use strict';
// Operator: tenants with their counts; create, suspend, resume, delete; keys; a tenant's users and endpoints.
(function () {
  const dg = window.dialgate;
  const el = dg.el;
  let selected = null;

  async function row(t) {
    const c = await dg.api('GET', '/admin/tenants/' + t.id + '/counts').catch(() => null);
    const n = (v) => (c ? String(v) : '…');
    return el('tr', { 'data-tenant': t.id },
      el('th', { scope: 'row', class: 'wrap' }, el('div', {}, t.name), el('div', { class: 'hint' }, t.id)),
      el('td', {}, dg.badge(t.suspended ? 'suspended' : 'active', t.suspended ? 'bad' : 'ok')),
      el('td', {}, n(c && c.users), c && c.invalidTokens ? el('div', { class: 'hint bad' }, c.invalidTokens + ' invalid tokens') : null),
      el('td', {}, n(c && c.webhooks), c && c.disabledWebhooks ? el('div', { class: 'hint bad' }, c.disabledWebhooks + ' disabled') : null),
      el('td', { class: c && c.failingDeliveries ? 'bad' : '' }, n(c && c.failingDeliveries)),
      el('td', {}, n(c && c.activeApiKeys)),
      el('td', { class: 'actions' },
        dg.button('Details', () => dg.act(() => detail(t)), 'quiet'),
        dg.button(t.suspended ? 'Resume' : 'Suspend', () => dg.act(async () => {
          await dg.api('PATCH', '/admin/tenants/' + t.id, { suspended: !t.suspended });
          dg.say(t.suspended ? 'Tenant ' + t.name + ' resumed.' : 'Tenant ' + t.name + ' suspended.');
          await load();
        }), t.suspended ? undefined : 'danger'),
        dg.button('Delete', () => dg.act(async () => {
          if (!window.confirm('Delete tenant ' + t.name + ' and everything it owns?')) return;
          await dg.api('DELETE', '/admin/tenants/' + t.id);
          dg.say('Tenant deleted.');
          if (selected && selected.id === t.id) document.getElementById('tenant-detail').hidden = true;
          await load();
        }), 'danger')));
  }

  async function load() {
    const tenants = await dg.all('/admin/tenants');
    const body = document.querySelector('#tenants tbody');
    body.replaceChildren(...await Promise.all(tenants.map(row)));
    if (!tenants.length) body.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No tenants yet.')));
  }

  async function detail(t) {
    selected = t;
    const [keys, users, hooks] = await Promise.all([dg.api('GET', '/admin/tenants/' + t.id + '/api-keys'),
      dg.all('/admin/tenants/' + t.id + '/users'), dg.all('/admin/tenants/' + t.id + '/webhooks')]);
    document.getElementById('detail-title').textContent = 'Tenant ' + t.name;
    document.querySelector('#keys tbody').replaceChildren(...keys.map((k) => el('tr', {},
      el('th', { scope: 'row' }, k.id, el('span', { class: 'hint' }, ' …' + k.hint)), el('td', {}, dg.timeEl(k.createdAt)),
      el('td', {}, k.revokedAt ? dg.timeEl(k.revokedAt) : '—'),
      el('td', {}, k.revokedAt ? '' : dg.button('Revoke', () => dg.act(async () => {
        if (!window.confirm('Revoke key …' + k.hint + '? Clients using it are refused at once.')) return;
        await dg.api('DELETE', '/admin/tenants/' + t.id + '/api-keys/' + k.id);
        dg.say('Key revoked.');
        await detail(t);
      }), 'danger')))));
    document.querySelector('#tenant-users tbody').replaceChildren(...users.map((u) => el('tr', {},
      el('th', { scope: 'row', class: 'wrap' }, u.login), el('td', {}, u.tokenStatus), el('td', {}, u.pollStatus),
      el('td', {}, dg.timeEl(u.lastPollAt)))));
    document.querySelector('#tenant-webhooks tbody').replaceChildren(...hooks.map((w) => el('tr', {},
      el('th', { scope: 'row', class: 'wrap' }, w.url), el('td', { class: 'wrap' }, w.description || ''),
      el('td', {}, w.status + (w.disabledReason ? ' (' + w.disabledReason + ')' : '')), el('td', {}, String(w.consecutiveFailures)))));
    const section = document.getElementById('tenant-detail');
    section.hidden = false;
    section.scrollIntoView();
  }

  dg.ready(async () => {
    document.getElementById('tenant-create').addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.target;
      dg.act(async () => {
        const created = await dg.api('POST', '/admin/tenants', { name: form.elements.name.value.trim() });
        form.reset();
        dg.showSecret('API key of ' + created.name, created.apiKey);
        await load();
      });
    });
    document.getElementById('issue-key').addEventListener('click', () => dg.act(async () => {
      const issued = await dg.api('POST', '/admin/tenants/' + selected.id + '/api-keys');
      dg.showSecret('New API key of ' + selected.name, issued.apiKey);
      await detail(selected);
      await load();
    }));
    await load();
  });
}());
