/*
 * The agent desk shared by both variants of the pause-control example: it renders a normalised
 * state and turns clicks into calls of the handlers it is given. It knows nothing of Daktela or
 * the gateway.
 *
 * State: {queues: [{name, title, type?, loggedIn, penalty}], pause: {name, title, sinceMs}|null,
 *         calls: [{id, direction, state, number, queue, startedMs}]}
 * Pauses, ticket categories and tickets come from the PBX or the gateway through setPauses,
 * setCategories and setTickets ({id, title, category, stage, priority}); the desk names none itself.
 * Only outbound queues (type "out") are offered for dialling and only SMS queues (type "sms") for
 * texting, each when the agent is logged in to it. Everything from the PBX is written as text.
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

    var STAGES = [['OPEN', 'Open'], ['WAIT', 'Waiting'], ['CLOSE', 'Closed'], ['ARCHIVE', 'Archived']];

    function option(value, text) {
        var el = document.createElement('option');
        el.value = value;
        el.textContent = text;
        return el;
    }

    function createDesk(handlers) {
        var state = null;
        var pauses = [];
        var categories = [];
        var tickets = [];
        var busy = false;
        var tick = null;
        var now = handlers.now || function () { return Date.now(); };

        function setBusy(value) {
            busy = value;
            ['pause-start', 'pause-end', 'dial-button', 'sms-button', 'ticket-button'].forEach(function (id) {
                if ($(id)) { $(id).disabled = value; }
            });
            Array.prototype.forEach.call(document.querySelectorAll('.switch, .ticket-save'), function (s) { s.disabled = value; });
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
                    badge.textContent = q.type === 'in' ? 'Inbound' : q.type === 'out' ? 'Outbound' : q.type === 'sms' ? 'SMS' : q.type;
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

            offerQueues('dial-queue', 'dial-hint', 'out');
            offerQueues('sms-queue', 'sms-hint', 'sms');
        }

        /** Fills a queue picker with the logged-in queues of one type; a hint when there is none. */
        function offerQueues(selectId, hintId, type) {
            var select = $(selectId);
            if (!select) { return; }
            var chosen = select.value;
            select.innerHTML = '';
            var usable = state.queues.filter(function (q) { return q.loggedIn && q.type === type; });
            usable.forEach(function (q) { select.appendChild(option(q.name, q.title || q.name)); });
            if (!usable.length) { select.appendChild(option('', 'None')); }
            if (chosen && usable.some(function (q) { return q.name === chosen; })) { select.value = chosen; }
            $(hintId).hidden = usable.length > 0;
            select.disabled = usable.length === 0;
        }

        function renderCategories() {
            var select = $('ticket-category');
            if (!select) { return; }
            var chosen = select.value;
            select.innerHTML = '';
            categories.forEach(function (c) { select.appendChild(option(c.name, c.title || c.name)); });
            if (!categories.length) { select.appendChild(option('', 'None')); }
            if (chosen && categories.some(function (c) { return c.name === chosen; })) { select.value = chosen; }
            select.disabled = categories.length === 0;
            $('ticket-hint').hidden = categories.length > 0;
        }

        function categoryTitle(name) {
            var found = categories.filter(function (c) { return c.name === name; })[0];
            return found ? (found.title || found.name) : name;
        }

        function renderTickets() {
            var list = $('ticket-list');
            if (!list) { return; }
            list.innerHTML = '';
            $('ticket-empty').hidden = tickets.length > 0;
            tickets.forEach(function (t) {
                var li = document.createElement('li');
                li.setAttribute('data-ticket', t.id);
                var info = document.createElement('div');
                info.className = 'queue-info';
                var title = document.createElement('div');
                title.className = 'queue-name';
                title.textContent = '#' + t.id + ' ' + (t.title || '');
                var sub = document.createElement('div');
                sub.className = 'queue-sub';
                sub.textContent = [categoryTitle(t.category), t.priority ? t.priority.toLowerCase() : null]
                    .filter(Boolean).join(' · ');
                info.appendChild(title);
                info.appendChild(sub);
                var stage = document.createElement('select');
                stage.className = 'ticket-stage';
                stage.setAttribute('aria-label', 'Stage of ticket #' + t.id);
                STAGES.forEach(function (s) { stage.appendChild(option(s[0], s[1])); });
                if (!STAGES.some(function (s) { return s[0] === t.stage; }) && t.stage) {
                    stage.appendChild(option(t.stage, t.stage));
                }
                stage.value = t.stage || 'OPEN';
                var save = document.createElement('button');
                save.type = 'button';
                save.className = 'btn btn-quiet ticket-save';
                save.textContent = 'Save';
                save.setAttribute('aria-label', 'Save ticket #' + t.id);
                save.disabled = busy;
                save.addEventListener('click', function () {
                    if (stage.value === t.stage) { return; }
                    run(handlers.onUpdateTicket(t.id, {stage: stage.value}), 'Ticket #' + t.id + ' saved.')
                        .then(function (updated) { if (updated) { putTicket(updated); } });
                });
                li.appendChild(info);
                li.appendChild(stage);
                li.appendChild(save);
                list.appendChild(li);
            });
        }

        /** Adds or replaces one ticket, newest first, keeping the list short. */
        function putTicket(ticket) {
            tickets = [ticket].concat(tickets.filter(function (t) { return String(t.id) !== String(ticket.id); }))
                .sort(function (a, b) { return Number(b.id) - Number(a.id); }).slice(0, 8);
            renderTickets();
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
        $('sms-form').addEventListener('submit', function (event) {
            event.preventDefault();
            var number = $('sms-number').value.replace(/[\s().-]/g, '');
            var text = $('sms-text').value;
            if (!/^\+?[0-9]{3,20}$/.test(number)) {
                notice('error', 'Enter the recipient\u2019s phone number: digits, optionally starting with +.');
                $('sms-number').focus();
                return;
            }
            if (!text.trim()) {
                notice('error', 'Write the message first.');
                $('sms-text').focus();
                return;
            }
            var queue = $('sms-queue').value;
            if (!queue) {
                notice('error', 'Log in to an SMS queue first.');
                return;
            }
            run(handlers.onSendSms({number: number, text: text, queue: queue}), 'SMS sent to ' + number + '.')
                .then(function (sent) { if (sent) { $('sms-text').value = ''; } });
        });
        $('ticket-form').addEventListener('submit', function (event) {
            event.preventDefault();
            var title = $('ticket-title').value.trim();
            var category = $('ticket-category').value;
            if (!title) {
                notice('error', 'Give the ticket a title.');
                $('ticket-title').focus();
                return;
            }
            if (!category) {
                notice('error', 'The PBX offers no ticket category.');
                return;
            }
            var fields = {title: title, category: category, priority: $('ticket-priority').value};
            var description = $('ticket-description').value.trim();
            if (description) { fields.description = description; }
            run(handlers.onCreateTicket(fields)).then(function (ticket) {
                if (!ticket) { return; }
                notice('info', 'Ticket #' + ticket.id + ' created.');
                $('ticket-title').value = '';
                $('ticket-description').value = '';
                putTicket(ticket);
            });
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
                tickets = [];
                renderTickets();
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
            /** Ticket categories [{name, title}] offered for a new ticket. */
            setCategories: function (list) {
                categories = list || [];
                renderCategories();
                renderTickets();
            },
            /** The agent's recent tickets [{id, title, category, stage, priority}]. */
            setTickets: function (list) {
                tickets = [];
                (list || []).forEach(function (t) { tickets.push(t); });
                tickets.sort(function (a, b) { return Number(b.id) - Number(a.id); });
                tickets = tickets.slice(0, 8);
                renderTickets();
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
