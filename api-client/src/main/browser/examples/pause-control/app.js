/*
 * Pause control, PBX variant: talks to the Daktela API v6 (or the Dialgate simulator) through
 * daktela-cli.js. Query parameters preset the connection settings: ?host=&transport=&token=.
 * Pauses, queues (with their types) and ticket categories are read from the PBX at sign-in.
 */
(function () {
    'use strict';

    var STORAGE_KEY = 'pause-control.session';
    var cli = null;
    var watcher = null;
    var catalog = {};
    var session = null;
    var countdown = null;

    function $(id) { return document.getElementById(id); }

    var desk = createDesk({
        now: function () { return cli ? cli.serverNow() : Date.now(); },
        onQueueToggle: function (name, login) {
            return cli.userSessions.queue(name, login, 0).then(applySession);
        },
        onPauseStart: function (name) {
            return cli.userSessions.pause(name).then(applySession);
        },
        onPauseEnd: function () {
            return cli.userSessions.unpause().then(applySession);
        },
        onDial: function (number, queue) {
            return cli.activities.call.dial({number: number, queue: queue});
        },
        onSendSms: function (sms) {
            return cli.activities.sms.send(sms);
        },
        onCreateTicket: function (fields) {
            fields.user = session.username;
            return cli.tickets.create(fields).then(ticketOf);
        },
        onUpdateTicket: function (id, changes) {
            return cli.tickets.update(id, changes).then(ticketOf);
        },
        onSignOut: function () { signOut(); },
        onError: function (error) {
            if (error && error.kind === 'unauthorized') {
                expire();
                return true;
            }
            if (error && error.kind === 'network') {
                desk.notice('error', 'The PBX did not answer. Check your connection; the change may not have been made.');
                return true;
            }
            return false;
        }
    });

    /** Puts a session record (the answer of usersSession.json) into the view at once. */
    function applySession(record) {
        if (!record || !watcher || !watcher.state()) { return; }
        var state = watcher.state();
        if (record.queues) { state.queues = record.queues; }
        if (record.pause !== undefined) { state.pause = record.pause; }
        desk.render(normalise(state));
    }

    // Daktela's call record has no state: a call has ended once it has a disposition or disconnection cause.
    function callState(item) {
        if (item.state) { return item.state; }
        if (item.disposition_cause || item.disconnection_cause) { return 'ended'; }
        return item.answered ? 'answered' : 'ringing';
    }

    // A related record comes nested ({name, title, ...}) or as its bare name.
    function nameOf(relation) {
        return relation && typeof relation === 'object' ? relation.name : relation;
    }

    function ticketOf(t) {
        return {id: String(t.name), title: t.title, category: nameOf(t.category), stage: t.stage, priority: t.priority};
    }

    function normalise(pull) {
        var calls = (pull.activities || []).filter(function (a) {
            return a.type === 'CALL' && a.action !== 'CLOSE' && a.item && callState(a.item) !== 'ended';
        }).map(function (a) {
            return {
                id: a.item.id_call,
                direction: a.item.direction,
                state: callState(a.item),
                number: a.item.clid || a.item.did,
                queue: nameOf(a.queue),
                startedMs: daktelaCLI.parseTime(a.time_open || a.time)
            };
        });
        return {
            queues: (pull.queues || []).map(function (q) {
                return {
                    name: String(q.name), title: q.title, type: (catalog[q.name] || {}).type,
                    loggedIn: !!q.logged_in, penalty: q.penalty || 0
                };
            }),
            pause: pull.pause ? {name: pull.pause.name, title: pull.pause.title, sinceMs: daktelaCLI.parseTime(pull.pause.since)} : null,
            calls: calls
        };
    }

    function showLoginError(text) {
        var el = $('login-error');
        el.textContent = text;
        el.hidden = !text;
    }

    function readSettings() {
        var params = new URLSearchParams(location.search);
        var saved = null;
        try { saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null'); } catch (e) { saved = null; }
        $('host').value = params.get('host') || (saved && saved.host) || '';
        $('transport').value = params.get('transport') || (saved && saved.transport) || 'auto';
        $('placement').value = params.get('token') || (saved && saved.placement) || 'value';
        if (params.get('host') || params.get('transport') || params.get('token')) {
            $('login-form').querySelector('details').open = true;
        }
        return saved;
    }

    function client(settings) {
        return new daktelaCLI().init({
            host: settings.host,
            transport: settings.transport,
            tokenPlacement: settings.placement
        });
    }

    function settingsFromForm() {
        return {host: $('host').value.trim(), transport: $('transport').value, placement: $('placement').value};
    }

    $('login-form').addEventListener('submit', function (event) {
        event.preventDefault();
        var username = $('username').value.trim();
        var password = $('password').value;
        if (!username || !password) {
            showLoginError('Enter your username and password.');
            (username ? $('password') : $('username')).focus();
            return;
        }
        var settings = settingsFromForm();
        var button = $('login-button');
        button.disabled = true;
        button.textContent = 'Signing in…';
        showLoginError('');
        var candidate = client(settings);
        candidate.login(username, password).then(function (token) {
            session = {host: settings.host, transport: settings.transport, placement: settings.placement, token: token, username: username};
            try { sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session)); } catch (e) { /* private mode */ }
            $('password').value = '';
            start(candidate);
        }, function (error) {
            if (error.kind === 'unauthorized') {
                showLoginError('Wrong username or password. Check them and try again.');
                $('password').select();
                $('password').focus();
            } else if (error.kind === 'network') {
                showLoginError('Cannot reach the PBX' + (settings.host ? ' at ' + settings.host : '') +
                    '. Check the address and your network' + (settings.transport === 'cors' ? ', or try the JSONP transport' : '') + '.');
            } else {
                showLoginError('Sign-in failed: ' + error.message);
            }
        }).then(function () {
            button.disabled = false;
            button.textContent = 'Sign in';
        });
    });

    function start(connected) {
        cli = connected;
        $('login-view').hidden = true;
        desk.show(session.username);
        desk.setConnection('connecting', 'Connecting…');
        document.body.setAttribute('data-transport', cli.transport || '');
        var username = session.username;
        Promise.all([
            cli.pauses.list().catch(function () { return []; }),
            cli.queues.list().catch(function () { return []; }),
            cli.ticketsCategories.list().catch(function () { return []; }),
            cli.tickets.list({filter: {user: username}, sort: 'name', dir: 'desc', take: 8}).catch(function () { return []; })
        ]).then(function (lists) {
            if (cli !== connected) { return; }
            desk.setPauses(lists[0].map(function (p) { return {name: p.name, title: p.title}; }));
            catalog = {};
            lists[1].forEach(function (q) { catalog[String(q.name)] = q; });
            desk.setCategories(lists[2].map(function (c) { return {name: c.name, title: c.title}; }));
            desk.setTickets(lists[3].map(ticketOf));
            document.body.setAttribute('data-transport', cli.transport || '');
            watcher = cli.watch(function (state) {
                desk.render(normalise(state));
            }, {onStatus: onStatus});
        });
    }

    function onStatus(status, detail) {
        clearInterval(countdown);
        if (status === 'live') {
            desk.setConnection('live', 'Live' + (cli.transport === 'jsonp' ? ' · JSONP' : ''));
        } else if (status === 'connecting') {
            desk.setConnection('connecting', 'Connecting…');
        } else if (status === 'reconnecting') {
            var show = function () {
                var left = Math.max(0, Math.ceil((detail.retryAt - Date.now()) / 1000));
                desk.setConnection('reconnecting', left > 0
                    ? 'Connection lost · retrying in ' + left + ' s'
                    : 'Connection lost · reconnecting…');
            };
            show();
            countdown = setInterval(show, 1000);
        } else if (status === 'unauthorized') {
            expire();
        }
    }

    function stopWatching() {
        clearInterval(countdown);
        if (watcher) { watcher.stop(); }
        watcher = null;
    }

    function backToLogin(message) {
        stopWatching();
        if (cli) { cli.logout(); }
        cli = null;
        session = null;
        try { sessionStorage.removeItem(STORAGE_KEY); } catch (e) { /* private mode */ }
        desk.hide();
        $('login-view').hidden = false;
        showLoginError(message || '');
        $(message ? 'password' : 'username').focus();
    }

    function expire() {
        var username = session && session.username;
        backToLogin('Your session has expired or was ended. Please sign in again.');
        if (username) { $('username').value = username; }
    }

    function signOut() {
        backToLogin('');
    }

    var saved = readSettings();
    if (saved && saved.token) {
        session = saved;
        $('username').value = saved.username || '';
        var resumed = client(saved);
        resumed.setAccessToken(saved.token);
        start(resumed);
    }
})();
