/*
 * The agent desk shared by both variants of the pause-control example: it renders a normalised
 * state and turns clicks into calls of the handlers it is given. It knows nothing of Daktela or
 * the gateway.
 *
 * State: {queues: [{name, title, type?, loggedIn, penalty}], pause: {name, title, sinceMs}|null,
 *         calls: [{id, direction, state, number, queue, startedMs}]}
 */
(function (root) {
    'use strict';

    function $(id) { return document.getElementById(id); }

    function pad(n) { return n < 10 ? '0' + n : String(n); }

    /** 75 s -> "1:15", 3725 s -> "1:02:05". */
    function duration(ms) {
        var s = Math.max(0, Math.floor(ms / 1000));
        var h = Math.floor(s / 3600);
        var m = Math.floor((s % 3600) / 60);
        return h > 0 ? h + ':' + pad(m) + ':' + pad(s % 60) : m + ':' + pad(s % 60);
    }

    function clock(ms) {
        var d = new Date(ms);
        return pad(d.getHours()) + ':' + pad(d.getMinutes());
    }

    function createDesk(handlers) {
        var state = null;
        var pauses = [];
        var busy = false;
        var tick = null;
        var now = handlers.now || function () { return Date.now(); };

        function setBusy(value) {
            busy = value;
            ['pause-start', 'pause-end', 'dial-button'].forEach(function (id) { $(id).disabled = value; });
            Array.prototype.forEach.call(document.querySelectorAll('.switch'), function (s) { s.disabled = value; });
        }

        /** Runs an operation with the controls disabled; failures show in the notice. */
        function run(promise, success) {
            setBusy(true);
            clearNotice();
            return promise.then(function (value) {
                setBusy(false);
                if (success) { notice('info', success); }
                return value;
            }, function (error) {
                setBusy(false);
                if (!handlers.onError || !handlers.onError(error)) {
                    notice('error', error && error.message ? error.message : String(error));
                }
            });
        }

        function notice(kind, text) {
            var el = $('notice');
            el.className = 'alert' + (kind === 'error' ? ' alert-error' : kind === 'warn' ? ' alert-warn' : '');
            el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
            el.textContent = text;
            el.hidden = false;
            clearTimeout(notice.timer);
            if (kind === 'info') { notice.timer = setTimeout(clearNotice, 4000); }
        }

        function clearNotice() {
            clearTimeout(notice.timer);
            $('notice').hidden = true;
        }

        function renderPauses() {
            var select = $('pause-select');
            var current = select.value;
            select.innerHTML = '';
            pauses.forEach(function (p) {
                var option = document.createElement('option');
                option.value = p.name;
                option.textContent = p.title || p.name;
                select.appendChild(option);
            });
            if (current) { select.value = current; }
        }

        function renderQueues() {
            var list = $('queue-list');
            list.innerHTML = '';
            $('queue-empty').hidden = state.queues.length > 0;
            state.queues.forEach(function (q) {
                var li = document.createElement('li');
                li.setAttribute('data-queue', q.name);
                var info = document.createElement('div');
                info.className = 'queue-info';
                var name = document.createElement('div');
                name.className = 'queue-name';
                name.id = 'queue-label-' + q.name;
                name.textContent = q.title || q.name;
                var sub = document.createElement('div');
                sub.className = 'queue-sub';
                sub.textContent = q.name + (q.loggedIn ? ' · logged in' + (q.penalty ? ', penalty ' + q.penalty : '') : ' · logged out');
                info.appendChild(name);
                info.appendChild(sub);
                li.appendChild(info);
                if (q.type) {
                    var badge = document.createElement('span');
                    badge.className = 'badge badge-' + q.type;
                    badge.textContent = q.type === 'in' ? 'Inbound' : q.type === 'out' ? 'Outbound' : q.type;
                    li.appendChild(badge);
                }
                var toggle = document.createElement('button');
                toggle.type = 'button';
                toggle.className = 'switch';
                toggle.setAttribute('role', 'switch');
                toggle.setAttribute('aria-checked', q.loggedIn ? 'true' : 'false');
                toggle.setAttribute('aria-labelledby', name.id);
                toggle.title = (q.loggedIn ? 'Log out of ' : 'Log in to ') + (q.title || q.name);
                toggle.disabled = busy;
                toggle.addEventListener('click', function () {
                    var login = !q.loggedIn;
                    run(handlers.onQueueToggle(q.name, login));
                });
                li.appendChild(toggle);
                list.appendChild(li);
            });

            var dialQueue = $('dial-queue');
            var chosen = dialQueue.value;
            dialQueue.innerHTML = '';
            var usable = state.queues.filter(function (q) { return q.loggedIn && q.type !== 'in'; });
            usable.forEach(function (q) {
                var option = document.createElement('option');
                option.value = q.name;
                option.textContent = q.title || q.name;
                dialQueue.appendChild(option);
            });
            if (!usable.length) {
                var none = document.createElement('option');
                none.value = '';
                none.textContent = 'None';
                dialQueue.appendChild(none);
            }
            if (chosen && usable.some(function (q) { return q.name === chosen; })) { dialQueue.value = chosen; }
            $('dial-hint').hidden = usable.length > 0;
            dialQueue.disabled = usable.length === 0;
        }

        function activeCall() {
            var calls = (state && state.calls) || [];
            return calls.filter(function (c) { return c.state === 'ringing' || c.state === 'answered'; })[0] || null;
        }

        function renderStatus() {
            var line = $('status-line');
            var pause = state.pause;
            var call = activeCall();
            var loggedIn = state.queues.some(function (q) { return q.loggedIn; });
            if (pause) {
                line.className = 'status-line state-paused';
                $('status-text').textContent = 'On pause: ' + (pause.title || pause.name);
                $('status-sub').textContent = isNaN(pause.sinceMs) ? '' : 'since ' + clock(pause.sinceMs - (now() - Date.now()));
            } else if (call) {
                line.className = 'status-line state-call';
                $('status-text').textContent = call.state === 'ringing' ? 'Ringing' : 'On a call';
                $('status-sub').textContent = call.number || '';
            } else if (loggedIn) {
                line.className = 'status-line state-available';
                $('status-text').textContent = 'Available';
                $('status-sub').textContent = 'Ready for work in ' + state.queues.filter(function (q) { return q.loggedIn; }).length + ' queue(s)';
            } else {
                line.className = 'status-line state-offline';
                $('status-text').textContent = 'Not in any queue';
                $('status-sub').textContent = 'Log in to a queue to receive work';
            }
            $('pause-timer').hidden = !pause;
            $('pause-end').hidden = !pause;
            $('pause-start').textContent = pause ? 'Switch pause' : 'Start pause';
            if (pause && pauses.some(function (p) { return p.name === pause.name; })) {
                $('pause-select').value = pause.name;
            }

            var box = $('call-active');
            box.hidden = !call;
            if (call) {
                $('call-number').textContent = call.number || 'Unknown number';
                $('call-meta').textContent = (call.direction === 'in' ? 'Incoming' : call.direction === 'out' ? 'Outgoing' : 'Internal')
                    + (call.queue ? ' · queue ' + call.queue : '');
                var badge = $('call-state');
                badge.className = 'badge badge-' + call.state;
                badge.textContent = call.state;
            }
            updateTimers();
        }

        function updateTimers() {
            if (!state) { return; }
            if (state.pause && !isNaN(state.pause.sinceMs)) {
                $('pause-timer').textContent = duration(now() - state.pause.sinceMs);
            } else if (state.pause) {
                $('pause-timer').textContent = '';
            }
            var call = activeCall();
            $('call-timer').textContent = call && !isNaN(call.startedMs) ? duration(now() - call.startedMs) : '';
        }

        $('pause-form').addEventListener('submit', function (event) {
            event.preventDefault();
            var name = $('pause-select').value;
            if (!name) { return; }
            run(handlers.onPauseStart(name));
        });
        $('pause-end').addEventListener('click', function () {
            run(handlers.onPauseEnd()).then(function () { $('pause-start').focus(); });
        });
        $('dial-form').addEventListener('submit', function (event) {
            event.preventDefault();
            var number = $('dial-number').value.replace(/[\s().-]/g, '');
            if (!/^\+?[0-9*#]{1,32}$/.test(number)) {
                notice('error', 'Enter a phone number: digits, optionally starting with +.');
                $('dial-number').focus();
                return;
            }
            var queue = $('dial-queue').value;
            if (!queue) {
                notice('error', 'Log in to an outbound queue first.');
                return;
            }
            run(handlers.onDial(number, queue), 'Dialling ' + number + '…');
        });
        $('signout').addEventListener('click', function () { handlers.onSignOut(); });

        return {
            show: function (who) {
                $('login-view').hidden = true;
                $('desk-view').hidden = false;
                $('who').textContent = who;
                $('who').hidden = false;
                $('signout').hidden = false;
                clearInterval(tick);
                tick = setInterval(updateTimers, 1000);
            },
            hide: function () {
                clearInterval(tick);
                state = null;
                $('desk-view').hidden = true;
                $('who').hidden = true;
                $('signout').hidden = true;
                $('connection').hidden = true;
                clearNotice();
            },
            setPauses: function (list) {
                pauses = list;
                renderPauses();
            },
            render: function (next) {
                state = next;
                renderQueues();
                renderStatus();
            },
            setConnection: function (kind, text) {
                var el = $('connection');
                // While reconnecting, say plainly that what is on screen may be old.
                $('stale').hidden = kind !== 'reconnecting';
                $('desk-view').classList.toggle('is-stale', kind === 'reconnecting');
                el.className = 'connection is-' + kind;
                el.textContent = text;
                el.hidden = false;
            },
            notice: notice,
            clearNotice: clearNotice,
            duration: duration
        };
    }

    root.createDesk = createDesk;
})(window);
