'use strict';
// Events: the live feed, filtered by type and user, each event with its JSON.
(function () {
  const dg = window.dialgate;
  const el = dg.el;
  const TYPES = ['queue.login', 'queue.logout', 'pause.started', 'pause.ended', 'call.ringing', 'call.answered', 'call.ended',
    'sms.sent', 'user.token_invalid', 'user.polling_failed', 'pbx.unreachable', 'pbx.reachable', 'endpoint.failing',
    'endpoint.disabled', 'endpoint.recovered', 'webhook.test'];
  const logins = new Map();
  let stream = null;
  let shown = 0;

  function item(e) {
    const who = e.userId ? (logins.get(e.userId) || e.userId) : (e.pbxHostId || (e.data && e.data.webhookId) || '');
    return el('li', { 'data-type': e.type },
      el('details', {},
        el('summary', {}, dg.timeEl(e.occurredAt), el('strong', {}, e.type), el('span', { class: 'wrap' }, who)),
        el('pre', {}, JSON.stringify(e, null, 2))));
  }

  function start() {
    if (stream) stream.abort();
    const form = document.getElementById('event-filters');
    const params = new URLSearchParams();
    if (form.elements.type.value) params.set('type', form.elements.type.value);
    if (form.elements.userId.value) params.set('userId', form.elements.userId.value);
    document.getElementById('events').replaceChildren();
    shown = 0;
    // The new stream sees only what happens once it is open: say so until it is.
    dg.liveIndicator(false);
    stream = dg.listen(params.toString(), (e) => {
      const list = document.getElementById('events');
      list.prepend(item(e));
      if (++shown > 500) list.lastElementChild.remove();
    }, dg.liveIndicator);
  }

  dg.ready(async () => {
    const typeSelect = document.getElementById('event-type');
    TYPES.forEach((t) => typeSelect.append(el('option', { value: t }, t)));
    const users = await dg.all('/v1/users');
    const userSelect = document.getElementById('event-user');
    users.forEach((u) => { logins.set(u.id, u.login); userSelect.append(el('option', { value: u.id }, u.login)); });
    document.getElementById('event-filters').addEventListener('submit', (event) => { event.preventDefault(); start(); });
    start();
  });
}());
