package io.dialgate.simulator.api;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which JSONP callback names the simulator wraps answers in. A JSONP answer is a script that calls
 * the named function with attacker-chosen content in reach, so the name is held to what jQuery and
 * hand-written integrations use: an identifier or a dotted path of identifiers ({@code cb},
 * {@code jQuery123_456}, {@code ns.fn}). A path may not pass through any name that runs code, navigates,
 * writes the page, reaches the network or storage, or escapes to the global object or a prototype:
 * {@code eval}, {@code document.write}, {@code window.location}, {@code x.constructor} and the like.
 */
final class JsonpCallback {

    /** Longer than any generated jQuery name ({@code jQuery} + 20 digits + {@code _} + 13 digits). */
    static final int MAX_LENGTH = 128;

    private static final Pattern PATH =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    /** Compared case-insensitively: no real callback needs a look-alike of these. */
    private static final Set<String> DENIED = Set.of(
            "__definegetter__", "__definesetter__", "__lookupgetter__", "__lookupsetter__", "__proto__",
            "alert", "confirm", "constructor", "cookie", "document", "domain", "eval", "eventsource", "execscript",
            "fetch", "frames", "function", "global", "globalthis", "history", "importscripts", "indexeddb",
            "innerhtml", "localstorage", "location", "navigator", "open", "opener", "outerhtml", "parent",
            "postmessage", "process", "prompt", "prototype", "require", "self", "sessionstorage", "setimmediate",
            "setinterval", "settimeout", "sharedworker", "this", "top", "websocket", "window", "worker", "write",
            "writeln", "xmlhttprequest");

    private JsonpCallback() {
    }

    /** True when {@code name} may name the function a JSONP answer calls. */
    static boolean isAllowed(String name) {
        if (name.length() > MAX_LENGTH || !PATH.matcher(name).matches()) {
            return false;
        }
        for (String segment : name.split("\\.")) {
            if (DENIED.contains(segment.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}
