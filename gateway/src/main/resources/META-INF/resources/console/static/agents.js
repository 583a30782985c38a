'use strict';
// Agents: every user with its token and poll status and its polled state, kept live from the event stream.
(function () {
  const dg = window.dialgate;
  const el = dg.el;
  const users = new Map(); // id -> user
  const states = new Map(); // id -> state
  const hosts = new Map(); // id -> name
  let current = null; // the user whose actions dialog is open

  const POLL_TONES = { polling: 'ok', backing_off: 'warn', failing: 'bad', host_unreachable: 'bad', token_invalid: 'bad',
    not_monitored: 'muted', starting: 'muted' };
  const POLL_WORDS = { polling: 'polling', backing_off: 'backing off', failing: 'failing', host_unreachable: 'host unreachable',
    token_invalid: 'token invalid', not_monitored: 'not monitored', starting: 'starting' };

  function pollCell(u) {
    const cell = el('td', { class: 'poll' }, dg.badge(POLL_WORDS[u.pollStatus] || u.pollStatus, POLL_TONES[u.pollStatus]));
    if ((u.pollStatus === 'failing' || u.pollStatus === 'backing_off') && u.lastPollError) {
      cell.append(el('div', { class: 'hint wrap' }, u.lastPollError + (u.pollFailingSince ? ' — since ' + dg.time(u.pollFailingSince) : '')));
    }
    return cell;
  }

  function stateCells(s) {
    if (!s) return [el('td', { class: 'muted' }, '—'), el('td', { class: 'muted' }, '—'), el('td', { class: 'muted' }, '—')];
    const inQueues = (s.queues || []).filter((q) => q.loggedIn);
    const queues = inQueues.length
      ? el('div', { class: 'chips' }, inQueues.map((q) => el('span', { class: 'chip on', title: q.title || q.name }, q.name)))
      : el('span', { class: 'muted' }, 'none');
    const pause = s.pause ? el('span', { class: 'badge warn' }, s.pause.title || s.pause.name) : el('span', { class: 'muted' }, '—');
    const call = (s.calls || [])[0];
    const callText = call ? el('span', {}, (call.state || 'call') + (call.clid ? ' · ' + call.clid : '')) : el('span', { class: 'muted' }, '—');
    const stale = s.stale ? el('div', { class: 'hint bad' }, 'stale since ' + dg.time(s.seenAt)) : null;
    return [el('td', { class: 'queues' }, queues, stale), el('td', { class: 'pause' }, pause), el('td', { class: 'call' }, callText)];
  }

  function row(u) {
    return el('tr', { 'data-user': u.id },
      el('th', { scope: 'row', class: 'wrap' }, u.login),
      el('td', {}, hosts.get(u.pbxHostId) || u.pbxHostId),
      el('td', {}, dg.badge(u.tokenStatus, u.tokenStatus === 'valid' ? 'ok' : 'bad')),
      pollCell(u),
      ...stateCells(states.get(u.id)),
      el('td', { class: 'actions' }, dg.button('Actions', () => open(u.id), 'quiet')));
  }

  function render() {
    const filter = document.getElementById('agent-filter').value.trim().toLowerCase();
    const body = document.querySelector('#agents tbody');
    const rows = [];
    for (const u of users.values()) {
      if (!filter || u.login.toLowerCase().includes(filter)) rows.push(row(u));
    }
    body.replaceChildren(...rows);
    document.getElementById('agents-count').textContent = rows.length + ' of ' + users.size + ' users';
  }

  function replaceRow(id) {
    const old = document.querySelector('#agents tbody tr[data-user="' + CSS.escape(id) + '"]');
    const u = users.get(id);
    if (old && u) old.replaceWith(row(u));
    else render();
  }

  const pending = new Map();
  /** Re-reads one user and its state (at most once per 150 ms per user, however many events arrive). */
  function refresh(id) {
    if (pending.has(id)) return;
    pending.set(id, setTimeout(async () => {
      pending.delete(id);
      try {
        const [u, s] = await Promise.all([dg.api('GET', '/v1/users/' + id),
          dg.api('GET', '/v1/users/' + id + '/state').catch(() => states.get(id))]);
        users.set(id, u);
        if (s) states.set(id, s);
        replaceRow(id);
        if (current === id) fillDialog();
      } catch (e) { /* the user may have been deleted: the next full load drops it */ }
    }, 150));
  }

  async function load() {
    const started = performance.now();
    const [hostList, userList, stateList] = await Promise.all([dg.all('/v1/pbx-hosts'), dg.all('/v1/users'), dg.all('/v1/user-states')]);
    hostList.forEach((h) => hosts.set(h.id, h.name));
    userList.forEach((u) => users.set(u.id, u));
    stateList.forEach((s) => states.set(s.userId, s));
    render();
    document.body.dataset.loaded = String(Math.round(performance.now() - started));
  }

  // A poll status changes without an event (a user's first poll is a baseline), so monitored users whose
  // polling is not settled yet are re-read every few seconds until it is.
  setInterval(() => {
    users.forEach((u, id) => { if (u.monitored && u.pollStatus !== 'polling') refresh(id); });
  }, 3000);

  function fillDialog() {
    const u = users.get(current);
    if (!u) return;
    document.getElementById('agent-title').textContent = 'Actions for ' + u.login;
    document.getElementById('act-monitor').textContent = u.monitored ? 'Stop monitoring' : 'Monitor';
    const calls = (states.get(current) || {}).calls || [];
    const hangups = document.getElementById('hangups');
    hangups.replaceChildren(...calls.map((c) => dg.button('Hang up ' + (c.clid || c.activity), () => act(() =>
      dg.api('DELETE', '/v1/users/' + current + '/calls/' + encodeURIComponent(c.activity)), 'Hung up.'), 'danger')));
  }

  function open(id) {
    current = id;
    document.getElementById('agent-error').textContent = '';
    fillDialog();
    document.getElementById('agent-dialog').showModal();
  }

  async function act(fn, done) {
    const where = document.getElementById('agent-error');
    const ok = await dg.act(async () => { await fn(); return true; }, where);
    if (ok) { dg.say(done); refresh(current); }
  }

  function onSubmit(id, fn) {
    document.getElementById(id).addEventListener('submit', (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(event.target));
      fn(data);
    });
  }

  dg.ready(async () => {
    document.getElementById('agent-filter').addEventListener('input', render);
    document.getElementById('agent-close').addEventListener('click', () => { current = null; document.getElementById('agent-dialog').close(); });
    const path = () => '/v1/users/' + current;
    onSubmit('act-queue-login', (d) => act(() => dg.api('PUT', path() + '/queues/' + encodeURIComponent(d.queue), {}), 'Logged in to queue ' + d.queue + '.'));
    onSubmit('act-queue-logout', (d) => act(() => dg.api('DELETE', path() + '/queues/' + encodeURIComponent(d.queue)), 'Logged out of queue ' + d.queue + '.'));
    onSubmit('act-pause', (d) => act(() => dg.api('PUT', path() + '/pause', { pause: d.pause }), 'Pause started.'));
    document.getElementById('act-unpause').addEventListener('click', () => act(() => dg.api('DELETE', path() + '/pause'), 'Pause ended.'));
    onSubmit('act-dial', (d) => act(() => dg.api('POST', path() + '/calls', { number: d.number, queue: d.queue }), 'Dialling ' + d.number + '.'));
    onSubmit('act-token', (d) => act(async () => { await dg.api('PATCH', path(), { accessToken: d.token }); document.getElementById('new-token').value = ''; }, 'Token replaced.'));
    document.getElementById('act-monitor').addEventListener('click', () => {
      const on = !users.get(current).monitored;
      act(() => dg.api('PATCH', path(), { monitored: on }), on ? 'Monitoring on.' : 'Monitoring off.');
    });
    await load();
    dg.listen('', (event) => {
      if (event.userId && users.has(event.userId)) refresh(event.userId);
      else if (event.userId || event.type.startsWith('pbx.')) load();
    }, dg.liveIndicator);
  });
}());
