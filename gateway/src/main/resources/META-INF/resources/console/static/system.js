'use strict';
// Operator: encryption key status and re-encryption; replicas with their heartbeats and leases.
(function () {
  const dg = window.dialgate;
  const el = dg.el;

  async function load() {
    const [crypto, replicas] = await Promise.all([dg.api('GET', '/admin/crypto/status'), dg.api('GET', '/admin/replicas')]);
    document.getElementById('active-key').textContent = crypto.activeKeyId;
    document.getElementById('other-keys').textContent = String(crypto.sealedWithOtherKeys);
    document.querySelector('#poll-replicas tbody').replaceChildren(...replicas.polling.map((r) => el('tr', {},
      el('th', { scope: 'row', class: 'wrap' }, r.replicaId), el('td', {}, dg.timeEl(r.heartbeatAt)), el('td', {}, String(r.leases)),
      el('td', { class: 'wrap' }, Object.entries(r.leasesByTenant).map(([t, n]) => t + ': ' + n).join(', ') || '—'))));
    document.querySelector('#dispatch-replicas tbody').replaceChildren(...replicas.dispatching.map((r) => el('tr', {},
      el('th', { scope: 'row', class: 'wrap' }, r.replicaId), el('td', {}, dg.timeEl(r.heartbeatAt)), el('td', {}, String(r.sending)))));
  }

  dg.ready(async () => {
    document.getElementById('re-encrypt').addEventListener('click', () => dg.act(async () => {
      const report = await dg.api('POST', '/admin/crypto/re-encrypt');
      const done = Object.values(report.resealed || {}).reduce((a, b) => a + b, 0);
      dg.say('Re-encrypted ' + done + (done === 1 ? ' secret' : ' secrets') + ' with key ' + report.activeKeyId + '; '
        + report.remaining + ' left on other keys.');
      await load();
    }));
    await load();
  });
}());
