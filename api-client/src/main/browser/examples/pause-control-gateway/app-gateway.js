/*
 * Pause control, gateway variant: the same desk, driven through the Dialgate /v1 API with a tenant
 * API key. Live state: the SSE stream /v1/events/stream (read with fetch, because EventSource cannot
 * send an Authorization header); each event for the chosen user re-reads /v1/users/{id}/state. When
 * the stream does not exist (404) the page polls /state every 2 s and says so.
 *
 * The pauses, the queues' types and the ticket categories come from the gateway's discovery
 * endpoints (/v1/users/{id}/pauses, /v1/users/{id}/queues, /v1/pbx-hosts/{id}/ticket-categories), so
 * the page names none itself. Query parameter: ?host= (gateway address).
 */
(function () {
    'use strict';

    var STORAGE_KEY = 'pause-control-gateway.session';
    var POLL_MS = 2000;

    var conn = null;          // {host, apiKey}
    var user = null;          // the chosen /v1/users record
    var current = null;       // the last normalised state
    var pauses = [];
    var queueTypes = {};      // queue name -> Daktela type (in, out, sms...)
    var stream = null;        // {abort()}
    var pollTimer = null;
    var retryTimer = null;
    var attempt = 0;
    var lastEventId = null;
    var refreshing = null;
    var refreshAgain = false;
    var mode = null;          // "stream" | "polling"

    function $(id) { return document.getElementById(id); }

    function GatewayError(message, status, code, kind) {
        var e = new Error(message);
        e.status = status;
        e.code = code;
        e.kind = kind || (status === 401 ? 'unauthorized' : 'http');
        return e;
    }

    /** One /v1 call; rejects with the problem's detail as the message. */
    function api(method, path, body, headers) {
        var h = {'Authorization': 'Bearer ' + conn.apiKey, 'Accept': 'application/json'};
        Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
        if (body !== undefined) { h['Content-Type'] = 'application/json'; }
        return fetch(conn.host + path, {
            method: method, headers: h, cache: 'no-store',
            body: body === undefined ? undefined : JSON.stringify(body)
        }).then(function (response) {
            return response.text().then(function (text) {
                var json = null;
                try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
                if (response.ok) { return json; }
                var detail = json && (json.detail || json.title);
                throw new GatewayError(detail || ('The gateway answered HTTP ' + response.status),
                    response.status, json && json.code);
            });
        }, function () {
            throw new GatewayError('Cannot reach the gateway', 0, null, 'network');
        });
    }

    function uuid() {
        if (window.crypto && typeof crypto.randomUUID === 'function') { return crypto.randomUUID(); }
        var b = new Uint8Array(16);
        crypto.getRandomValues(b);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
        return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
    }

    function userPath(suffix) {
        return '/v1/users/' + encodeURIComponent(user.id) + suffix;
    }

    function ticketOf(t) {
        return {id: String(t.id), title: t.title, category: t.category, stage: t.stage, priority: t.priority};
    }

    var desk = createDesk({
        onQueueToggle: function (name, login) {
            var path = '/v1/users/' + encodeURIComponent(user.id) + '/queues/' + encodeURIComponent(name);
            return (login ? api('PUT', path, {penalty: 0}) : api('DELETE', path)).then(applySession);
        },
        onPauseStart: function (name) {
            return api('PUT', '/v1/users/' + encodeURIComponent(user.id) + '/pause', {pause: name}).then(applySession);
        },
        onPauseEnd: function () {
            return api('DELETE', '/v1/users/' + encodeURIComponent(user.id) + '/pause').then(applySession);
        },
        onDial: function (number, queue) {
            return api('POST', '/v1/users/' + encodeURIComponent(user.id) + '/calls', {number: number, queue: queue},
                {'Idempotency-Key': uuid()}).then(function (call) {
                refresh();
                return call;
            });
        },
        onSendSms: function (sms) {
            // A key per click: should the request be repeated (a retry after a lost answer), the
            // gateway sends the SMS once.
            return api('POST', userPath('/sms'), sms, {'Idempotency-Key': uuid()});
        },
        onCreateTicket: function (fields) {
            return api('POST', userPath('/tickets'), fields).then(ticketOf);
        },
        onUpdateTicket: function (id, changes) {
            return api('PATCH', userPath('/tickets/' + encodeURIComponent(id)), changes).then(ticketOf);
        },
        onSignOut: function () { backToLogin(''); },
        onError: function (error) {
            if (error.status === 401) {
                backToLogin('The gateway no longer accepts this API key.');
                return true;
            }
            return false;
        }
    });

    function normalise(state) {
        return {
            queues: (state.queues || []).map(function (q) {
                return {name: String(q.name), title: q.title, type: queueTypes[String(q.name)], loggedIn: !!q.loggedIn,
                    penalty: q.penalty || 0};
            }),
            // The gateway passes the PBX's zone-less local time through; read it in the browser's zone.
            pause: state.pause ? {name: state.pause.name, title: state.pause.title, sinceMs: Date.parse(state.pause.since)} : null,
            calls: (state.calls || []).map(function (c) {
                var previous = current && current.calls.filter(function (p) { return p.id === c.callId; })[0];
                return {
                    id: c.callId, direction: c.direction, state: c.state || (c.answered ? 'answered' : 'ringing'),
                    number: c.clid, queue: c.queue,
                    // /state carries no call start: time it from when this page first saw the call.
                    startedMs: previous ? previous.startedMs : Date.now()
                };
            })
        };
    }

    function render(state) {
        current = normalise(state);
        if (current.pause && !pauses.some(function (p) { return p.name === current.pause.name; })) {
            pauses = pauses.concat([{name: current.pause.name, title: current.pause.title || current.pause.name}]);
            desk.setPauses(pauses);
        }
        desk.render(current);
    }

    /** Puts a SessionResponse ({userId, queues, pause}) into the view at once. */
    function applySession(session) {
        if (!session || !current) { return session; }
        render({queues: session.queues, pause: session.pause, calls: current.calls.map(function (c) {
            return {callId: c.id, direction: c.direction, state: c.state, clid: c.number, queue: c.queue};
        })});
        return session;
    }

    /** Re-reads /state; concurrent calls collapse into one more read after the running one. */
    function refresh() {
        if (!user) { return Promise.resolve(); }
        if (refreshing) {
            refreshAgain = true;
            return refreshing;
        }
        var forUser = user.id;
        refreshing = api('GET', '/v1/users/' + encodeURIComponent(forUser) + '/state').then(function (state) {
            if (user && user.id === forUser) {
                render(state);
                if (mode === 'polling') { showMode(); }
            }
        }, function (error) {
            if (error.status === 401) {
                backToLogin('The gateway no longer accepts this API key.');
            } else if (error.kind === 'network') {
                desk.setConnection('reconnecting', 'Connection lost · retrying…');
            } else {
                desk.notice('warn', 'Could not read the agent\u2019s state: ' + error.message);
            }
        }).then(function () {
            refreshing = null;
            if (refreshAgain) {
                refreshAgain = false;
                refresh();
            }
        });
        return refreshing;
    }

    function showMode() {
        if (mode === 'polling') {
            desk.setConnection('polling', 'Live stream unavailable · refreshing every 2 s');
        } else if (mode === 'stream') {
            desk.setConnection('live', 'Live');
        }
    }

    function startPolling() {
        mode = 'polling';
        showMode();
        clearInterval(pollTimer);
        pollTimer = setInterval(refresh, POLL_MS);
    }

    /** Reads the SSE stream with fetch; dispatches each event; reconnects with backoff and jitter. */
    function openStream() {
        var controller = new AbortController();
        var headers = {'Authorization': 'Bearer ' + conn.apiKey, 'Accept': 'text/event-stream'};
        if (lastEventId) { headers['Last-Event-ID'] = lastEventId; }
        stream = controller;
        fetch(conn.host + '/v1/events/stream', {headers: headers, signal: controller.signal, cache: 'no-store'})
            .then(function (response) {
                if (response.status === 404 || response.status === 405 || response.status === 501) {
                    startPolling();
                    return null;
                }
                if (response.status === 401) {
                    backToLogin('The gateway no longer accepts this API key.');
                    return null;
                }
                if (!response.ok || !response.body) {
                    throw new Error('HTTP ' + response.status);
                }
                attempt = 0;
                mode = 'stream';
                showMode();
                refresh();
                return readEvents(response.body.getReader());
            })
            .then(function (ended) {
                if (ended === true && stream === controller) { scheduleReconnect(); }
            }, function () {
                if (stream === controller) { scheduleReconnect(); }
            });
    }

    function readEvents(reader) {
        var decoder = new TextDecoder();
        var buffer = '';
        var event = {data: []};
        function dispatch() {
            if (event.id) { lastEventId = event.id; }
            if (event.data.length) {
                var payload = null;
                try { payload = JSON.parse(event.data.join('\n')); } catch (e) { payload = null; }
                onEvent(event.type || 'message', payload);
            }
            event = {data: []};
        }
        function pump() {
            return reader.read().then(function (chunk) {
                if (chunk.done) { return true; }
                buffer += decoder.decode(chunk.value, {stream: true});
                var lines = buffer.split(/\r\n|\r|\n/);
                buffer = lines.pop();
                lines.forEach(function (line) {
                    if (line === '') { dispatch(); return; }
                    if (line.charAt(0) === ':') { return; }
                    var colon = line.indexOf(':');
                    var field = colon < 0 ? line : line.slice(0, colon);
                    var value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
                    if (field === 'data') { event.data.push(value); }
                    else if (field === 'event') { event.type = value; }
                    else if (field === 'id') { event.id = value; }
                });
                return pump();
            });
        }
        return pump();
    }

    function onEvent(type, payload) {
        if (!user || !payload || payload.userId !== user.id) { return; }
        if (type === 'user.token_invalid' || payload.type === 'user.token_invalid') {
            desk.notice('warn', 'The PBX no longer accepts this agent\u2019s token. Register the user again with a new password or token.');
        }
        refresh();
    }

    function scheduleReconnect() {
        attempt += 1;
        var ceiling = Math.min(30000, 500 * Math.pow(2, attempt - 1));
        var delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
        desk.setConnection('reconnecting', 'Connection lost · retrying in ' + Math.ceil(delay / 1000) + ' s');
        clearTimeout(retryTimer);
        retryTimer = setTimeout(openStream, delay);
    }

    function stopLive() {
        if (stream) { stream.abort(); }
        stream = null;
        clearInterval(pollTimer);
        clearTimeout(retryTimer);
        mode = null;
        attempt = 0;
    }

    // --- screens ---------------------------------------------------------------------------

    function showError(id, text) {
        $(id).textContent = text;
        $(id).hidden = !text;
    }

    function readSettings() {
        var params = new URLSearchParams(location.search);
        var saved = null;
        try { saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null'); } catch (e) { saved = null; }
        $('host').value = params.get('host') || (saved && saved.host) || '';
        return saved;
    }

    $('login-form').addEventListener('submit', function (event) {
        event.preventDefault();
        var key = $('api-key').value.trim();
        if (!key) {
            showError('login-error', 'Enter your tenant API key (it starts with dgk_).');
            $('api-key').focus();
            return;
        }
        conn = {host: $('host').value.trim().replace(/\/+$/, ''), apiKey: key};
        var button = $('login-button');
        button.disabled = true;
        button.textContent = 'Checking…';
        showError('login-error', '');
        loadUsers().then(function (ok) {
            if (ok) {
                try { sessionStorage.setItem(STORAGE_KEY, JSON.stringify(conn)); } catch (e) { /* private mode */ }
            }
        }).then(function () {
            button.disabled = false;
            button.textContent = 'Continue';
        });
    });

    function loadUsers() {
        return api('GET', '/v1/users?limit=100').then(function (page) {
            var list = $('user-list');
            list.innerHTML = '';
            (page.data || []).forEach(function (u) {
                var li = document.createElement('li');
                var button = document.createElement('button');
                button.type = 'button';
                button.className = 'user-pick';
                button.setAttribute('data-login', u.login);
                var left = document.createElement('span');
                var name = document.createElement('span');
                name.className = 'login';
                name.textContent = u.login;
                var host = document.createElement('span');
                host.className = 'queue-sub';
                host.textContent = 'PBX host ' + u.pbxHostId;
                left.appendChild(name);
                left.appendChild(host);
                var badge = document.createElement('span');
                var healthy = u.tokenStatus === 'valid' || u.tokenStatus === 'VALID';
                badge.className = 'badge ' + (healthy ? 'badge-out' : 'badge-ringing');
                badge.textContent = u.monitored ? (u.tokenStatus || 'unknown').toLowerCase() : 'not monitored';
                button.appendChild(left);
                button.appendChild(badge);
                button.addEventListener('click', function () { choose(u); });
                li.appendChild(button);
                list.appendChild(li);
            });
            showError('user-error', (page.data || []).length ? '' : 'This tenant has no users yet. Register one with POST /v1/users.');
            $('login-form').hidden = true;
            $('user-view').hidden = false;
            var first = list.querySelector('button');
            (first || $('user-back')).focus();
            return true;
        }, function (error) {
            showError('login-error', error.status === 401 ? 'This API key was not accepted. Check it and try again.'
                : error.kind === 'network' ? 'Cannot reach the gateway' + (conn.host ? ' at ' + conn.host : '') + '.'
                : error.message);
            $('api-key').focus();
            return false;
        });
    }

    $('user-back').addEventListener('click', function () { backToLogin(''); });

    function choose(u) {
        user = u;
        current = null;
        pauses = [];
        queueTypes = {};
        $('login-view').hidden = true;
        desk.show(u.login);
        desk.setPauses(pauses);
        desk.setCategories([]);
        desk.setTickets([]);
        desk.setConnection('connecting', 'Connecting…');
        discover(u).then(refresh).then(function () { if (user === u) { openStream(); } });
    }

    /** Reads what the PBX offers (pauses, queue types, ticket categories) and the agent's tickets. */
    function discover(u) {
        var failed = [];
        function read(path, what) {
            return api('GET', path).then(function (page) { return (page && page.data) || []; }, function (error) {
                failed.push(what + ' (' + error.message + ')');
                return [];
            });
        }
        var id = encodeURIComponent(u.id);
        return Promise.all([
            read('/v1/users/' + id + '/pauses', 'pauses'),
            read('/v1/users/' + id + '/queues', 'queues'),
            read('/v1/pbx-hosts/' + encodeURIComponent(u.pbxHostId) + '/ticket-categories', 'ticket categories'),
            read('/v1/users/' + id + '/tickets?limit=8', 'tickets')
        ]).then(function (lists) {
            if (user !== u) { return; }
            pauses = lists[0].map(function (p) { return {name: p.name, title: p.title}; });
            lists[1].forEach(function (q) { queueTypes[String(q.name)] = q.type; });
            desk.setPauses(pauses);
            desk.setCategories(lists[2].map(function (c) { return {name: c.name, title: c.title}; }));
            desk.setTickets(lists[3].map(ticketOf));
            if (failed.length) {
                desk.notice('warn', 'Could not read from the PBX: ' + failed.join('; '));
            }
        });
    }

    function backToLogin(message) {
        stopLive();
        user = null;
        current = null;
        conn = null;
        try { sessionStorage.removeItem(STORAGE_KEY); } catch (e) { /* private mode */ }
        desk.hide();
        $('login-view').hidden = false;
        $('login-form').hidden = false;
        $('user-view').hidden = true;
        $('api-key').value = '';
        showError('login-error', message || '');
        $('api-key').focus();
    }

    window.addEventListener('online', function () {
        if (user && mode !== 'polling' && !stream) { openStream(); }
    });

    var saved = readSettings();
    if (saved && saved.apiKey) {
        conn = saved;
        loadUsers();
    }
})();
