'use strict';
// Action hooks and PBX hosts: list, create (a hook's secret shown once), delete.
(function () {
  const dg = window.dialgate;
  const el = dg.el;
  const logins = new Map();

  const del = (what, path) => dg.button('Delete', () => dg.act(async () => {
    if (!window.confirm('Delete ' + what + '?')) return;
    await dg.api('DELETE', path);
    dg.say('Deleted.');
    await load();
  }), 'danger');

  async function load() {
    const [hosts, hooks, users] = await Promise.all([dg.all('/v1/pbx-hosts'), dg.all('/v1/action-hooks'), dg.all('/v1/users')]);
    users.forEach((u) => logins.set(u.id, u.login));
    const select = document.getElementById('hook-user');
    select.replaceChildren(select.options[0], ...users.map((u) => el('option', { value: u.id }, u.login)));
    document.querySelector('#hosts tbody').replaceChildren(...hosts.map((h) => el('tr', {},
      el('th', { scope: 'row' }, h.name), el('td', { class: 'wrap' }, h.baseUrl), el('td', {}, dg.timeEl(h.createdAt)),
      el('td', {}, del('PBX host ' + h.name + ' and its users', '/v1/pbx-hosts/' + h.id)))));
    document.querySelector('#hooks tbody').replaceChildren(...hooks.map((k) => el('tr', {},
      el('th', { scope: 'row', class: 'wrap' }, k.description || k.id),
      el('td', {}, k.userId ? (logins.get(k.userId) || k.userId) : 'any'),
      el('td', { class: 'wrap' }, el('code', {}, k.url)),
      el('td', {}, del('this action hook', '/v1/action-hooks/' + k.id)))));
  }

  dg.ready(async () => {
    document.getElementById('host-create').addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.target;
      dg.act(async () => {
        await dg.api('POST', '/v1/pbx-hosts', { name: form.elements.name.value.trim(), baseUrl: form.elements.baseUrl.value.trim() });
        form.reset();
        dg.say('PBX host added.');
        await load();
      });
    });
    document.getElementById('hook-create').addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.target;
      dg.act(async () => {
        const created = await dg.api('POST', '/v1/action-hooks', { description: form.elements.description.value || null,
          userId: form.elements.userId.value || null });
        form.reset();
        dg.showSecret('Secret of the new action hook', created.secret, 'Shown only once. Sign each call to ' + created.url + ' with it.');
        await load();
      });
    });
    await load();
  });
}());
