package io.dialgate.simulator.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every simulator setting. Behaviour marked [assumed] in the README's fidelity table (not confirmed by any public
 * Daktela source) is a named setting here, so a finding about the real PBX can be followed
 * without a code change.
 */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /**
     * How long {@code appPullData.json} holds a request whose hash is current before answering with
     * the hash alone. Daktela documents 15 s.
     */
    @WithDefault("15s")
    Duration pullHold();

    /**
     * Seed file loaded at start-up: a path to a JSON or YAML file, {@code classpath:<resource>},
     * or {@code none} to start empty.
     */
    @WithDefault("classpath:seed/demo.yaml")
    String seed();

    /** Pull-data behaviour that is not documented publicly. */
    Pull pull();

    /** Timings of simulated calls. */
    Calls calls();

    /** List endpoint behaviour. */
    Lists lists();

    /** Assumed names and statuses of the Daktela API. */
    Api api();

    /** Record shapes and time zone. */
    Records records();

    /** Instances by Host header. */
    Hosts hosts();

    /** Token lifetime and cookies of login.json. */
    Login login();

    /** Request journal kept per instance for the control API. */
    Journal journal();

    /** Which web pages may call the Daktela API of instances created with {@code cors: true}. */
    Cors cors();

    /** Access to the control API, {@code /_sim}. */
    Control control();

    /** Pull-data settings. */
    interface Pull {

        /**
         * [assumed] What a known but older hash gets. Only {@code snapshot} (a full snapshot, the
         * same as an unknown hash) is implemented: it is always safe for a client that merges.
         */
        @WithDefault("snapshot")
        StaleHash staleHash();

        /** How many closed activities of a user stay in snapshots, newest first. */
        @WithDefault("20")
        int recentActivities();
    }

    /** The answer to a known but outdated pull-data hash. */
    enum StaleHash {
        /** Answer at once with a full snapshot. */
        SNAPSHOT
    }

    /** Call timings. */
    interface Calls {

        /** How long an outbound call rings before it is answered. */
        @WithDefault("3s")
        Duration ringTime();

        /**
         * How long an answered call lasts before it ends by itself; {@code 0s} keeps it up until
         * it is hung up through the control API or its activity is closed.
         */
        @WithDefault("20s")
        Duration talkTime();

        /**
         * [assumed] Close a call's activity as soon as the call ends, like an agent who wraps up at once.
         * Off by default: on Daktela the agent closes it. Load tests turn it on, since every open activity
         * is part of its user's state and thousands of them would make every state change slow.
         */
        @WithDefault("false")
        boolean closeActivityOnHangup();
    }

    /** Paging of list endpoints. */
    interface Lists {

        /** [assumed] Page size when a request gives no {@code take}. */
        @WithDefault("100")
        int defaultTake();

        /** Largest {@code take} honoured; Daktela caps it at 1000. */
        @WithDefault("1000")
        int maxTake();
    }

    /** Names and statuses that no public source confirms. */
    interface Api {

        /** [assumed] Query parameter naming the JSONP callback. */
        @WithDefault("callback")
        String jsonpParameter();

        /**
         * [assumed] Query parameter that lets a JSONP request (a {@code GET} with a callback) act as
         * {@code POST}, {@code PUT} or {@code DELETE}, its other query parameters then being the body.
         * A script tag can only {@code GET}, and Daktela documents JSONP as enough for browser
         * integrations (queue login, calls, pauses), so some such tunnel must exist. Empty disables it.
         */
        @WithDefault("_method")
        String jsonpMethodParameter();

        /** [assumed] Field of {@code usersSession.json} that starts (a name) or ends (null) a pause. */
        @WithDefault("pause")
        String pauseField();

        /** [assumed] HTTP status of the error envelope when a queue login names an unknown queue. */
        @WithDefault("400")
        int unknownQueueStatus();

        /** [assumed] HTTP status of a successful {@code POST usersSession.json} (it updates, not creates). */
        @WithDefault("200")
        int sessionUpdateStatus();

        /**
         * [assumed] Read a body that starts with {@code {} or {@code [} as JSON whatever its
         * {@code Content-Type} (a JSON body sent as {@code text/plain}, as some browser clients do to avoid
         * a CORS preflight), except form types. False: only a JSON type (or none) makes a JSON body.
         */
        @WithDefault("true")
        boolean jsonBodyAnyType();

        /** [assumed] Version string reported by {@code whoim.json}. */
        @WithDefault("6.x-simulator")
        String version();
    }

    /** Cross-origin settings. */
    interface Cors {

        /**
         * Origins that get CORS headers, credentials included, written as browsers send them
         * ({@code https://app.example:8443}). The default {@code *} reflects every origin, so any page
         * the browser opens may act with the user's simulator cookie: fine for a test tool that listens
         * on loopback, never for one other people's pages can reach. Other origins get no CORS headers.
         */
        @WithDefault("*")
        List<String> allowedOrigins();
    }

    /** Control API settings. */
    interface Control {

        /**
         * Token every {@code /_sim} request must carry, as {@code X-Sim-Token: <token>} or
         * {@code Authorization: Bearer <token>}. Unset (no default: it is a secret), the control API is
         * open, which is safe only while the simulator listens on loopback, as it does unless
         * {@code quarkus.http.host} says otherwise. Env {@code SIMULATOR_CONTROL_TOKEN}.
         */
        Optional<String> token();
    }

    /** Record shapes and times; each the default of the per-instance profile. */
    interface Records {

        /**
         * Related records (an activity's {@code user} and {@code queue}, a call's {@code id_agent}) as
         * nested objects, as Daktela answers, or as bare names ({@code flat}).
         */
        @WithDefault("nested")
        io.dialgate.simulator.pbx.Relations.Style relations();

        /** Time zone of {@code _time}, {@code _timezone} and record times. Daktela's cloud PBXes run in Prague. */
        @WithDefault("Europe/Prague")
        java.time.ZoneId timezone();
    }

    /** Reaching an instance by its host name, as a client configured with only a PBX URL does. */
    interface Hosts {

        /**
         * Host suffix under which the first label names the instance: with {@code localhost},
         * {@code http://acme.localhost:8081/api/v6/...} is instance {@code acme} (most systems resolve
         * {@code *.localhost} to loopback). Empty turns it off; other hosts reach {@code default}.
         */
        @WithDefault("localhost")
        Optional<String> suffix();
    }

    /** Tokens issued by {@code login.json}. */
    interface Login {

        /**
         * [assumed] Lifetime of an access token issued by {@code login.json} (without {@code only_token});
         * {@code 0s} never expires. No public source gives Daktela's; its own clients assume one hour.
         */
        @WithDefault("0s")
        Duration tokenLifetime();

        /**
         * [assumed] Whether {@code login.json} also sets the {@code c_user} cookie (the cookie Daktela's
         * clients send the token in), so a browser is logged in by the answer alone.
         */
        @WithDefault("true")
        boolean setCookie();
    }

    /** Journal settings. */
    interface Journal {

        /** Entries kept per instance; the oldest are dropped first. */
        @WithDefault("10000")
        int maxEntries();
    }
}
