/*!
 * daktela-cli.js 1.1.0 - a dependency-free browser helper for the Daktela API v6.
 * Part of Dialgate (https://github.com/dialgate). Apache License 2.0.
 *
 *   var cli = new daktelaCLI();
 *   cli.init({host: "https://<pbx_name>.daktela.com", accessToken: "<accessToken>"});
 *   cli.userSessions.queue(2000, true, 0);
 *   cli.activities.call.dial({number: "123456789", queue: 2000});
 *   cli.activities.sms.send({number: "+420600111222", text: "On my way", queue: 3000});
 *   cli.tickets.create({title: "Router keeps rebooting", category: "support"});
 *   cli.tickets.update(1042, {stage: "CLOSE"});
 *   cli.appPullData("<hash>", function (response) { ... });
 *
 * 1.1.0 adds SMS, tickets, ticket categories and the forLogin option (act for another user); every
 * 1.0.0 call works unchanged.
 *
 * Every call returns a Promise and also takes optional (success, error) callbacks.
 * Transport: "cors" (fetch), "jsonp" (script tag with callback=...; writes tunnel their method in
 * _method) or "auto" (probe CORS, fall back to JSONP). Token placement: "value" (accessToken
 * query/body field), "header" (X-Auth-Token, CORS only) or "cookie" (c_user).
 */
(function (root) {
    'use strict';

    var VERSION = '1.1.0';
    var jsonpCounter = 0;

    /**
     * One error type for every failure. kind: "network" (no answer, timeout, blocked by CORS),
     * "unauthorized" (401: wrong token or wrong login), "forbidden", "rateLimited", "notFound",
     * "invalid" (400 and other error envelopes), "server" (5xx or an answer that is not JSON).
     */
    function DaktelaError(message, kind, status, errors) {
        this.name = 'DaktelaError';
        this.message = message;
        this.kind = kind;
        this.status = status || 0;
        this.errors = errors || [];
        this.stack = (new Error(message)).stack;
    }
    DaktelaError.prototype = Object.create(Error.prototype);
    DaktelaError.prototype.constructor = DaktelaError;

    function kindOf(status) {
        if (status === 401) { return 'unauthorized'; }
        if (status === 403) { return 'forbidden'; }
        if (status === 404) { return 'notFound'; }
        if (status === 429) { return 'rateLimited'; }
        if (status >= 500) { return 'server'; }
        return 'invalid';
    }

    /** Flattens Daktela's error shapes (list of strings, form errors, an object) into messages. */
    function errorMessages(error) {
        var out = [];
        function add(value) {
            if (value === null || value === undefined) { return; }
            if (typeof value === 'string') { out.push(value); return; }
            if (Array.isArray(value)) { value.forEach(add); return; }
            if (typeof value === 'object') {
                if (value.message) { add(value.message); }
                if (value.primary) { add(value.primary); }
                if (value.form) {
                    Object.keys(value.form).forEach(function (field) { out.push(field + ': ' + value.form[field]); });
                }
                if (!value.message && !value.primary && !value.form) { out.push(JSON.stringify(value)); }
            }
        }
        add(error);
        return out;
    }

    function hasError(error) {
        if (!error) { return false; }
        if (Array.isArray(error)) { return error.length > 0; }
        return typeof error === 'object' ? Object.keys(error).length > 0 : !!error;
    }

    /** jQuery-style form encoding: queues[0][login]=true&queues[0][name]=2000. */
    function encode(params) {
        var parts = [];
        function add(prefix, value) {
            if (value === undefined) { return; }
            if (value === null) { parts.push(encodeURIComponent(prefix) + '='); return; }
            if (Array.isArray(value)) {
                value.forEach(function (item, i) { add(prefix + '[' + i + ']', item); });
                return;
            }
            if (typeof value === 'object') {
                Object.keys(value).forEach(function (key) { add(prefix + '[' + key + ']', value[key]); });
                return;
            }
            parts.push(encodeURIComponent(prefix) + '=' + encodeURIComponent(String(value)));
        }
        Object.keys(params || {}).forEach(function (key) { add(key, params[key]); });
        return parts.join('&');
    }

    /** A list result as an array, whether Daktela sent {data: [...]} or a name-keyed object. */
    function listOf(result) {
        var data = result && result.data !== undefined ? result.data : result;
        if (Array.isArray(data)) { return data; }
        if (data && typeof data === 'object') { return Object.keys(data).map(function (k) { return data[k]; }); }
        return [];
    }

    /** Binds optional node-less callbacks to a promise and returns the promise. */
    function settle(promise, success, failure) {
        if (typeof success === 'function' || typeof failure === 'function') {
            promise.then(function (value) {
                if (typeof success === 'function') { success(value.result, value.envelope); }
            }, function (error) {
                if (typeof failure === 'function') { failure(error); }
            });
        }
        return promise.then(function (value) { return value.result; });
    }

    function daktelaCLI() {
        if (!(this instanceof daktelaCLI)) { return new daktelaCLI(); }
        var self = this;
        this.version = VERSION;
        this.options = {
            host: '',
            apiPath: '/api/v6',
            accessToken: null,
            transport: 'auto',
            tokenPlacement: 'value',
            cookieDomain: null,
            timeout: 15000,
            pullTimeout: 35000,
            jsonpMethodParameter: '_method'
        };
        this.transport = null;
        this.serverClockOffset = 0;

        this.userSessions = {
            /** The token's user's session: {user, queues: [{name, title, logged_in, penalty}], pause}. */
            get: function (success, failure) {
                return settle(self.request('GET', 'usersSession'), success, failure);
            },
            /** Logs in to (login true) or out of (false) a queue with a penalty (default 0). */
            queue: function (name, login, penalty, success, failure) {
                return self.userSessions.queues([{login: login !== false, name: name, penalty: penalty || 0}],
                    success, failure);
            },
            /** Several queue changes at once: [{login, name, penalty}]. */
            queues: function (changes, success, failure) {
                return settle(self.request('POST', 'usersSession', {queues: changes.map(function (q) {
                    return {login: !!q.login, name: String(q.name), penalty: q.penalty || 0};
                })}), success, failure);
            },
            /** Starts the pause with this name, or ends the current pause when name is null. */
            pause: function (name, success, failure) {
                return settle(self.request('POST', 'usersSession', {pause: name === null || name === undefined ? '' : name}),
                    success, failure);
            },
            /** Ends the current pause. */
            unpause: function (success, failure) {
                return self.userSessions.pause(null, success, failure);
            }
        };

        this.activities = {
            call: {
                /**
                 * Dials {number, queue, forLogin?}; resolves to the new CALL activity. forLogin (Daktela's
                 * user field; 1.0.0 called it user, still accepted) dials for another user over whom the
                 * token's user has rights.
                 */
                dial: function (call, success, failure) {
                    call = call || {};
                    var invalid = missing(call, ['number', 'queue']);
                    if (invalid) { return settle(Promise.reject(invalid), success, failure); }
                    var body = {number: call.number, type: 'CALL', queue: call.queue};
                    var forLogin = call.forLogin || call.user;
                    if (forLogin) { body.user = forLogin; }
                    return settle(self.request('POST', 'activities', body), success, failure);
                }
            },
            sms: {
                /**
                 * Sends an SMS {number, text, queue, forLogin?, name?} through an SMS queue; resolves to the
                 * new SMS activity. name chooses the activity's name (the PBX refuses a name it already
                 * has, so a retry with the same name never sends twice).
                 */
                send: function (sms, success, failure) {
                    sms = sms || {};
                    var invalid = missing(sms, ['number', 'text', 'queue']);
                    if (invalid) { return settle(Promise.reject(invalid), success, failure); }
                    var body = {type: 'SMS', number: sms.number, text: sms.text, queue: sms.queue};
                    if (sms.forLogin) { body.user = sms.forLogin; }
                    if (sms.name) { body.name = sms.name; }
                    return settle(self.request('POST', 'activities', body), success, failure);
                }
            },
            /** Open and recent activities of the token's user. */
            list: function (success, failure) {
                return settle(self.request('GET', 'activities').then(mapList), success, failure);
            },
            /** Closes an activity (and hangs up its call). */
            close: function (name, success, failure) {
                return settle(self.request('PUT', 'activities/' + encodeURIComponent(name), {action: 'CLOSE'}),
                    success, failure);
            }
        };

        this.queues = {
            list: function (success, failure) {
                return settle(self.request('GET', 'queues', {take: 1000}).then(mapList), success, failure);
            }
        };
        this.pauses = {
            list: function (success, failure) {
                return settle(self.request('GET', 'pauses', {take: 1000}).then(mapList), success, failure);
            }
        };

        this.tickets = {
            /**
             * Creates a ticket; title and category are required, the rest as Daktela names them (stage,
             * priority, user, contact, description, parentTicket, statuses, followers, customFields).
             * Resolves to the new ticket; its name (a number) is chosen by the PBX.
             */
            create: function (fields, success, failure) {
                fields = fields || {};
                var invalid = missing(fields, ['title', 'category']);
                if (invalid) { return settle(Promise.reject(invalid), success, failure); }
                return settle(self.request('POST', 'tickets', fields), success, failure);
            },
            /** Changes only the fields given, e.g. {stage: "CLOSE", statuses: ["resolved"]}; resolves to the ticket. */
            update: function (name, fields, success, failure) {
                var invalid = missing({name: name}, ['name']);
                if (invalid) { return settle(Promise.reject(invalid), success, failure); }
                return settle(self.request('PUT', 'tickets/' + encodeURIComponent(name), fields || {}), success, failure);
            },
            get: function (name, success, failure) {
                return settle(self.request('GET', 'tickets/' + encodeURIComponent(name)), success, failure);
            },
            /** Tickets, with Daktela's list options ({filter: {user: "agent1"}, sort: "name", dir: "desc", take: 10}). */
            list: function (query, success, failure) {
                if (typeof query === 'function') { failure = success; success = query; query = null; }
                return settle(self.request('GET', 'tickets', query || {take: 100}).then(mapList), success, failure);
            },
            /** The activities linked to a ticket (calls, SMS, comments). */
            activities: function (name, success, failure) {
                return settle(self.request('GET', 'tickets/' + encodeURIComponent(name) + '/activities').then(mapList),
                    success, failure);
            }
        };
        this.ticketsCategories = {
            list: function (success, failure) {
                return settle(self.request('GET', 'ticketsCategories', {take: 1000}).then(mapList), success, failure);
            }
        };
    }

    /** A DaktelaError for the first required field that is empty, or null; nothing is sent then. */
    function missing(values, fields) {
        for (var i = 0; i < fields.length; i++) {
            var value = values[fields[i]];
            if (value === undefined || value === null || String(value).trim() === '') {
                var message = fields[i] + ': Entry is required';
                return new DaktelaError(message, 'invalid', 0, [message]);
            }
        }
        return null;
    }

    function mapList(value) {
        return {result: listOf(value.result), envelope: value.envelope};
    }

    daktelaCLI.version = VERSION;
    daktelaCLI.DaktelaError = DaktelaError;

    /** Sets options: host, accessToken, transport, tokenPlacement, apiPath, timeout, pullTimeout, cookieDomain. */
    daktelaCLI.prototype.init = function (options) {
        var self = this;
        Object.keys(options || {}).forEach(function (key) { self.options[key] = options[key]; });
        this.options.host = String(this.options.host || '').replace(/\/+$/, '');
        if (['auto', 'cors', 'jsonp'].indexOf(this.options.transport) < 0) {
            throw new Error('transport must be auto, cors or jsonp');
        }
        if (['value', 'header', 'cookie'].indexOf(this.options.tokenPlacement) < 0) {
            throw new Error('tokenPlacement must be value, header or cookie');
        }
        this.transport = this.options.transport === 'auto' ? null : this.options.transport;
        if (this.options.accessToken) { this.setAccessToken(this.options.accessToken); }
        return this;
    };

    daktelaCLI.prototype.setAccessToken = function (token) {
        this.options.accessToken = token;
        if (this.options.tokenPlacement === 'cookie' && typeof document !== 'undefined') {
            var cookie = 'c_user=' + encodeURIComponent(token || '') + '; path=/; SameSite=Lax';
            if (this.options.cookieDomain) { cookie += '; domain=' + this.options.cookieDomain; }
            if (!token) { cookie += '; max-age=0'; }
            document.cookie = cookie;
        }
    };

    daktelaCLI.prototype.url = function (endpoint) {
        return this.options.host + this.options.apiPath + '/' + endpoint + '.json';
    };

    /**
     * Resolves the transport to use: the configured one, or in "auto" mode the first of CORS and
     * JSONP whose probe of whoim.json (no token needed) answers. The answer is kept.
     */
    daktelaCLI.prototype.detectTransport = function () {
        var self = this;
        if (this.transport) { return Promise.resolve(this.transport); }
        if (this.detecting) { return this.detecting; }
        this.detecting = this.viaCors('GET', this.url('whoim'), {}, false, this.options.timeout)
            .then(function () { return 'cors'; }, function (error) {
                if (error.kind !== 'network') { return 'cors'; }
                return self.viaJsonp('GET', self.url('whoim'), {}, false, self.options.timeout).then(function () {
                    return 'jsonp';
                });
            })
            .then(function (transport) {
                self.transport = transport;
                self.detecting = null;
                return transport;
            }, function (error) {
                self.detecting = null;
                throw error;
            });
        return this.detecting;
    };

    /**
     * One API call. Resolves to {result, envelope}; rejects with a DaktelaError. GET params go in
     * the query; writes go form-encoded in the body (CORS) or in the query with _method (JSONP).
     */
    daktelaCLI.prototype.request = function (method, endpoint, params, options) {
        var self = this;
        options = options || {};
        var withToken = options.token !== false;
        return this.detectTransport().then(function (transport) {
            var timeout = options.timeout || self.options.timeout;
            if (transport === 'jsonp') {
                return self.viaJsonp(method, self.url(endpoint), params || {}, withToken, timeout);
            }
            return self.viaCors(method, self.url(endpoint), params || {}, withToken, timeout);
        });
    };

    daktelaCLI.prototype.tokenValue = function (params, withToken, transport) {
        var out = {};
        Object.keys(params).forEach(function (k) { out[k] = params[k]; });
        var placement = this.options.tokenPlacement;
        if (placement === 'header' && transport === 'jsonp') { placement = 'value'; }
        if (withToken && this.options.accessToken && placement === 'value') {
            out.accessToken = this.options.accessToken;
        }
        return out;
    };

    daktelaCLI.prototype.unwrap = function (status, envelope) {
        if (envelope && typeof envelope === 'object' && envelope._time) {
            var serverTime = Date.parse(String(envelope._time).replace(' ', 'T'));
            // _time has whole seconds, so each sample is a lower bound of the true offset: keep the
            // largest (a stable clock for timers) unless the server clock jumped back.
            var sample = serverTime - Date.now();
            if (!isNaN(sample) && (this.clockSample === undefined || sample > this.clockSample
                    || sample < this.clockSample - 5000)) {
                this.clockSample = sample;
                this.serverClockOffset = sample;
            }
        }
        if (status >= 200 && status < 300 && !(envelope && hasError(envelope.error))) {
            return {result: envelope ? envelope.result : null, envelope: envelope};
        }
        var messages = envelope ? errorMessages(envelope.error) : [];
        if (status >= 200 && status < 300) { status = 400; }
        throw new DaktelaError(messages.join('; ') || ('HTTP ' + status), kindOf(status), status, messages);
    };

    daktelaCLI.prototype.viaCors = function (method, url, params, withToken, timeout) {
        var self = this;
        var values = this.tokenValue(params, withToken, 'cors');
        var headers = {'Accept': 'application/json'};
        var body;
        if (method === 'GET' || method === 'HEAD') {
            var query = encode(values);
            if (query) { url += (url.indexOf('?') < 0 ? '?' : '&') + query; }
        } else {
            // Form encoding keeps the request "simple": no preflight unless the token rides a header.
            body = encode(values);
            headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
        }
        if (withToken && this.options.accessToken && this.options.tokenPlacement === 'header') {
            headers['X-Auth-Token'] = this.options.accessToken;
        }
        var controller = typeof AbortController === 'function' ? new AbortController() : null;
        var timer = setTimeout(function () { if (controller) { controller.abort(); } }, timeout);
        return fetch(url, {
            method: method,
            headers: headers,
            body: body,
            mode: 'cors',
            cache: 'no-store',
            credentials: this.options.tokenPlacement === 'cookie' ? 'include' : 'omit',
            signal: controller ? controller.signal : undefined
        }).then(function (response) {
            return response.text().then(function (text) {
                clearTimeout(timer);
                var envelope = null;
                if (text) {
                    try { envelope = JSON.parse(text); } catch (e) {
                        throw new DaktelaError('The PBX answered HTTP ' + response.status + ' with something that is not JSON',
                            response.status >= 500 ? 'server' : kindOf(response.status), response.status);
                    }
                }
                try {
                    return self.unwrap(response.status, envelope);
                } catch (error) {
                    if (response.status === 429) { error.retryAfter = Number(response.headers.get('Retry-After')) || null; }
                    throw error;
                }
            });
        }, function (error) {
            clearTimeout(timer);
            var aborted = error && error.name === 'AbortError';
            throw new DaktelaError(aborted ? 'The PBX did not answer in time' : 'Cannot reach the PBX (network down or CORS not enabled)',
                'network', 0);
        });
    };

    daktelaCLI.prototype.viaJsonp = function (method, url, params, withToken, timeout) {
        var self = this;
        return new Promise(function (resolve, reject) {
            var values = self.tokenValue(params, withToken, 'jsonp');
            if (method !== 'GET') { values[self.options.jsonpMethodParameter] = method; }
            var name = 'cb' + (++jsonpCounter) + '_' + Math.floor(Math.random() * 1e6);
            var registry = root.__daktelaJsonp = root.__daktelaJsonp || {};
            values.callback = '__daktelaJsonp.' + name;
            // The unique callback name already defeats caches. A tunnelled write carries no cache
            // buster: its query is the record, and strict endpoints (tickets.json) refuse unknown fields.
            if (method === 'GET') { values._ = Date.now(); }
            var script = document.createElement('script');
            var done = false;
            function finish() {
                done = true;
                clearTimeout(timer);
                // A late answer must find a harmless function, not a ReferenceError.
                registry[name] = function () { delete registry[name]; };
                if (script.parentNode) { script.parentNode.removeChild(script); }
            }
            var timer = setTimeout(function () {
                if (done) { return; }
                finish();
                reject(new DaktelaError('The PBX did not answer in time', 'network', 0));
            }, timeout);
            registry[name] = function (envelope) {
                if (done) { return; }
                finish();
                delete registry[name];
                try {
                    resolve(self.unwrap(envelope && envelope._status ? envelope._status : 200, envelope));
                } catch (e) {
                    reject(e);
                }
            };
            script.onerror = function () {
                if (done) { return; }
                finish();
                reject(new DaktelaError('Cannot reach the PBX', 'network', 0));
            };
            script.async = true;
            script.src = url + (url.indexOf('?') < 0 ? '?' : '&') + encode(values);
            (document.head || document.documentElement).appendChild(script);
        });
    };

    /** Logs in with username and password (only_token); keeps and resolves to the token. */
    daktelaCLI.prototype.login = function (username, password, success, failure) {
        var self = this;
        var promise = this.request('POST', 'login', {username: username, password: password, only_token: 1}, {token: false})
            .then(function (value) {
                var token = value.result;
                if (token && typeof token === 'object') { token = token.accessToken; }
                if (!token) { throw new DaktelaError('The PBX answered the login without a token', 'server', 200); }
                self.setAccessToken(token);
                return {result: token, envelope: value.envelope};
            }, function (error) {
                if (error.kind === 'unauthorized') {
                    error.message = 'Wrong username or password';
                }
                throw error;
            });
        return settle(promise, success, failure);
    };

    /** Forgets the token (and its cookie). Daktela has no server-side logout for a static token. */
    daktelaCLI.prototype.logout = function () {
        this.setAccessToken(null);
    };

    /** whoim.json: {version, user}. */
    daktelaCLI.prototype.whoim = function (success, failure) {
        return settle(this.request('GET', 'whoim'), success, failure);
    };

    /**
     * One appPullData call: an empty hash answers at once with everything; the current hash is held
     * until something changes (or about 15 s pass).
     */
    daktelaCLI.prototype.appPullData = function (hash, success, failure) {
        return settle(this.request('GET', 'appPullData', {hash: hash || ''}, {timeout: this.options.pullTimeout}),
            success, failure);
    };

    /** Merges one pull answer into a full state: a snapshot replaces it, a delta replaces the sections it carries. */
    daktelaCLI.merge = function (state, response) {
        var next = {};
        var changed = [];
        if (!response.snapshot) {
            Object.keys(state || {}).forEach(function (key) { next[key] = state[key]; });
        }
        Object.keys(response).forEach(function (key) {
            if (key === 'hash' || key === 'snapshot') { return; }
            next[key] = response[key];
            changed.push(key);
        });
        next.hash = response.hash;
        return {state: next, changed: changed};
    };

    /**
     * Runs the appPullData long-poll loop. callback(state, change) gets the full merged state after
     * the first snapshot and after every change (change = {snapshot, sections}). options:
     * onStatus(status, detail) with status "connecting", "live", "reconnecting" ({attempt, delayMs,
     * error}), "unauthorized" (the loop stops: the token is wrong or revoked) and "stopped";
     * backoff {baseMs, maxMs}. Returns {stop(), state(), status()}.
     */
    daktelaCLI.prototype.watch = function (callback, options) {
        var self = this;
        options = options || {};
        var baseMs = (options.backoff && options.backoff.baseMs) || 500;
        var maxMs = (options.backoff && options.backoff.maxMs) || 30000;
        var state = null;
        var hash = '';
        var attempt = 0;
        var status = null;
        var running = true;
        var retryTimer = null;
        var wake = null;

        function report(next, detail) {
            if (status === next && next !== 'reconnecting') { return; }
            status = next;
            if (typeof options.onStatus === 'function') { options.onStatus(next, detail || {}); }
        }

        function onOnline() {
            if (wake) { wake(); }
        }
        if (typeof root.addEventListener === 'function') { root.addEventListener('online', onOnline); }

        function loop() {
            if (!running) { return; }
            self.appPullData(hash).then(function (response) {
                if (!running) { return; }
                attempt = 0;
                report('live');
                var hasData = Object.keys(response || {}).some(function (k) { return k !== 'hash' && k !== 'snapshot'; });
                if (response && (hasData || state === null)) {
                    var merged = daktelaCLI.merge(state, response);
                    state = merged.state;
                    callback(state, {snapshot: !!response.snapshot, sections: merged.changed});
                }
                hash = response && response.hash ? response.hash : hash;
                loop();
            }, function (error) {
                if (!running) { return; }
                if (error.kind === 'unauthorized') {
                    running = false;
                    report('unauthorized', {error: error});
                    return;
                }
                attempt += 1;
                var ceiling = Math.min(maxMs, baseMs * Math.pow(2, attempt - 1));
                var delayMs = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
                if (error.retryAfter) { delayMs = Math.max(delayMs, error.retryAfter * 1000); }
                report('reconnecting', {attempt: attempt, delayMs: delayMs, error: error, retryAt: Date.now() + delayMs});
                retryTimer = setTimeout(function () { wake = null; loop(); }, delayMs);
                wake = function () {
                    wake = null;
                    clearTimeout(retryTimer);
                    loop();
                };
            });
        }

        report('connecting');
        loop();
        return {
            stop: function () {
                running = false;
                clearTimeout(retryTimer);
                if (typeof root.removeEventListener === 'function') { root.removeEventListener('online', onOnline); }
                report('stopped');
            },
            /** Retries now instead of waiting out the backoff. */
            retryNow: function () { if (wake) { wake(); } },
            state: function () { return state; },
            status: function () { return status; }
        };
    };

    /** The PBX clock now, estimated from the last answer's _time (Daktela times carry no zone). */
    daktelaCLI.prototype.serverNow = function () {
        return Date.now() + this.serverClockOffset;
    };

    /** Parses a Daktela "yyyy-MM-dd HH:mm:ss" into milliseconds comparable with serverNow(). */
    daktelaCLI.parseTime = function (text) {
        if (!text) { return NaN; }
        return Date.parse(String(text).replace(' ', 'T'));
    };

    daktelaCLI.encode = encode;
    root.daktelaCLI = daktelaCLI;
    root.DaktelaError = DaktelaError;
})(typeof window !== 'undefined' ? window : this);
