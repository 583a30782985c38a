package io.dialgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Sends a few hundred malformed requests, built from a seeded {@link Random} over the simulator's real
 * routes, and checks that none gets a 5xx or an answer naming Java classes. A failure prints the seed;
 * {@code -Dfuzz.seed=<seed>} replays the same requests.
 *
 * <p>Runs in its own application (a profile) because it changes and resets instances, the demo seed's
 * {@code default} among them, which other test classes read.
 */
@QuarkusTest
@TestProfile(MalformedRequestFuzzTest.Profile.class)
class MalformedRequestFuzzTest {

    /** Its own application; a short hold in case a request ever names a current pull-data hash. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.pull-hold", "1s");
        }
    }

    /** Enough to reach every route with every kind of damage in a few seconds; {@code -Dfuzz.requests} for more. */
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 600);
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(java|io|org|com)\\.[a-z]+\\.[A-Za-z.]*[A-Z]\\w*(Exception|Error)\\b");
    private static final Pattern JAVA_WORDS = Pattern.compile("Exception|\\tat [a-z]|\\b[A-Z]\\w+\\.[a-z]\\w*\\(\\)");

    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldAnswerEveryMalformedRequestWithoutA5xxOrAJavaClassName() {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        String instance = Sim.freshInstance(true);
        Sim.post("/_sim/instances", Map.of("name", "fuzz-spare", "cors", false), 201);
        RequestGenerator generator = new RequestGenerator(new Random(seed), instance);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            RequestGenerator.Request request = generator.next();
            String problem;
            try {
                RawHttp.Answer answer = RawHttp.send(base.getHost(), base.getPort(), request.method(),
                        request.target(), request.headers(), request.body());
                statuses.merge(answer.status(), 1, Integer::sum);
                problem = problem(answer);
            } catch (IOException e) {
                problem = "no answer: " + e.getMessage();
            }
            if (problem != null) {
                failures.add("#" + i + " " + request + "\n    -> " + problem);
            }
        }
        System.out.printf("Fuzzed %d requests with seed %d; answers by status: %s%n", REQUESTS, seed, statuses);
        assertThat(failures)
                .as("seed %d (replay with -Dfuzz.seed=%d): %d of %d requests failed:%n%s", seed, seed,
                        failures.size(), REQUESTS, String.join("\n", failures.subList(0, Math.min(15, failures.size()))))
                .isEmpty();
    }

    private static String problem(RawHttp.Answer answer) {
        if (answer.status() == 0) {
            return "connection closed without an answer: " + RequestGenerator.printable(answer.body(), 300);
        }
        if (answer.status() >= 500) {
            return answer.status() + " " + RequestGenerator.printable(answer.body(), 600);
        }
        if (CLASS_NAME.matcher(answer.body()).find() || JAVA_WORDS.matcher(answer.body()).find()) {
            return answer.status() + " names Java internals: " + RequestGenerator.printable(answer.body(), 600);
        }
        return null;
    }

    /** Malformed requests over the real routes; every choice comes from the one seeded random. */
    static final class RequestGenerator {

        record Request(String method, String target, List<String[]> headers, byte[] body) {
            @Override
            public String toString() {
                StringBuilder text = new StringBuilder(method).append(' ').append(printable(target, 300));
                headers.forEach(h -> text.append("\n    ").append(h[0]).append(": ").append(printable(h[1], 120)));
                if (body != null) {
                    text.append("\n    body (").append(body.length).append(" bytes): ")
                            .append(printable(new String(body, StandardCharsets.ISO_8859_1), 200));
                }
                return text.toString();
            }
        }

        private static final String[] PBX_ENDPOINTS = {"login", "whoim", "usersSession", "activities",
            "activities/{rec}", "activitiesCall", "activitiesCall/{rec}", "queues", "queues/{rec}", "pauses",
            "pauses/{rec}", "users", "users/{rec}", "realtimeSessions", "realtimeSessions/{rec}", "appPullData"};
        private static final String[] CONTROL_PATHS = {"/_sim/instances", "/_sim/instances/{i}",
            "/_sim/instances/{i}/users", "/_sim/instances/{i}/users/{rec}/token", "/_sim/instances/{i}/queues",
            "/_sim/instances/{i}/pauses", "/_sim/instances/{i}/calls", "/_sim/instances/{i}/calls/{rec}/answer",
            "/_sim/instances/{i}/calls/{rec}/hangup", "/_sim/instances/{i}/faults", "/_sim/instances/{i}/journal",
            "/_sim/instances/{i}/state"};
        private static final String[] OTHER_PATHS = {"/", "/q/health", "/q/health/ready", "/api", "/api/v6",
            "/pbx", "/pbx/{i}", "/_sim", "/nothing/here"};
        private static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "POST", "PUT", "PUT",
            "DELETE", "DELETE", "OPTIONS", "OPTIONS", "HEAD", "HEAD", "PATCH", "PATCH", "TRACE", "CONNECT",
            "PROPFIND", "get", "FOO"};
        private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
            "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
            "multipart/form-data", "multipart/form-data; boundary=xyz", "multipart/mixed; boundary=",
            "text/plain", "application/xml", "application/problem+json", "application/json; charset=bogus",
            "*/*", "json", "", ";;;", "application/x-www-form-urlencoded, application/json"};
        private static final String[] FIELDS = {"name", "cors", "login", "password", "accessToken", "title", "email",
            "rights", "queues", "type", "paid", "maxDuration", "to", "from", "queue", "number", "text", "user",
            "action", "pause", "username", "only_token", "refreshToken", "hash", "penalty", "skip", "take", "filter",
            "sort", "dir", "callback", "_method"};
        private static final String[] CALLBACKS = {"cb", "jQuery123_456", "ns.fn", "eval", "document.write",
            "window.location", "a..b", ".cb", "cb.", "constructor.constructor", "x.__proto__", "alert(1)",
            "top", "self.close", "cb;alert(1)", "1cb", "c b", "$", "_", "Function", "x.prototype.y", "fetch",
            "a".repeat(300), "a.%00", "%E2%80%A8", "cb%0A", "globalThis.x"};
        private static final String[] METHOD_OVERRIDES = {"POST", "PUT", "DELETE", "GET", "PATCH", "post", "",
            "%00", "X".repeat(100)};

        private final Random random;
        private final String instance;

        RequestGenerator(Random random, String instance) {
            this.random = random;
            this.instance = instance;
        }

        Request next() {
            String method = pick(METHODS);
            String path = path(method);
            if (path.endsWith("/faults") && !method.equals("GET") && !method.equals("DELETE")) {
                // A well-formed fault may force a 5xx on purpose: faults are only listed or cleared here.
                method = "GET";
            }
            String target = path + query();
            List<String[]> headers = headers();
            byte[] body = body(headers);
            return new Request(method, target, headers, body);
        }

        private String path(String method) {
            int kind = random.nextInt(10);
            String path;
            if (kind < 6) {
                String base = random.nextInt(3) == 0 ? "/api/v6" : "/pbx/{i}/api/v6";
                path = base + "/" + pick(PBX_ENDPOINTS) + ".json";
            } else if (kind < 9) {
                path = pick(CONTROL_PATHS);
                if (path.equals("/_sim/instances/{i}") && method.equals("DELETE")) {
                    // Resetting the instance under test would leave the rest of the run without users.
                    path = "/_sim/instances/" + (random.nextBoolean() ? "fuzz-spare" : word(8));
                }
            } else {
                path = pick(OTHER_PATHS);
            }
            path = path.replace("{i}", instanceSegment()).replace("{rec}", recordSegment());
            switch (random.nextInt(12)) {
                case 0 -> path = path.replace(".json", "");
                case 1 -> path = path + "/";
                case 2 -> path = path.replaceFirst("/", "//");
                case 3 -> path = path + "/" + corrupt(word(4));
                case 4 -> path = path.replace(".json", corrupt(".json"));
                case 5 -> path = path.toUpperCase();
                default -> {
                }
            }
            return path;
        }

        private String instanceSegment() {
            return switch (random.nextInt(6)) {
                case 0, 1, 2 -> instance;
                case 3 -> "default";
                case 4 -> corrupt(instance);
                default -> corrupt(word(1 + random.nextInt(12)));
            };
        }

        private String recordSegment() {
            return switch (random.nextInt(6)) {
                case 0 -> "a";
                case 1 -> "2000";
                case 2 -> "lunch";
                case 3 -> "agent1";
                case 4 -> corrupt("activities_x");
                default -> corrupt(word(1 + random.nextInt(20)));
            };
        }

        /** Damages a path segment or query value the ways a broken client or an attacker would. */
        private String corrupt(String text) {
            return switch (random.nextInt(14)) {
                case 0 -> text + "%" + hex(random.nextInt(0x20));
                case 1 -> "%00" + text;
                case 2 -> text + "%7F%1B%0D%0A";
                case 3 -> text + "%";
                case 4 -> text + "%zz";
                case 5 -> text + "%E2%82";
                case 6 -> "%C0%AF" + text;
                case 7 -> "..";
                case 8 -> "%2e%2e%2F" + text;
                case 9 -> text + ";jsessionid=1";
                case 10 -> "x".repeat(200 + random.nextInt(1500));
                case 11 -> "%F0%9F%98%80" + text;
                case 12 -> "";
                default -> text.isEmpty() ? "%20" : text.substring(0, random.nextInt(text.length())) + "%09";
            };
        }

        private String query() {
            int kind = random.nextInt(10);
            if (kind == 0) {
                return "";
            }
            if (kind == 1) {
                return pick(new String[] {"?", "?%", "?&&=&", "?=x", "?a=%zz", "?[]=1", "?a[=1", "?a]]=[[",
                    "?callback", "?accessToken", "?" + "filter" + "[x]".repeat(300) + "=1", "?take=1&take=2&take=x"});
            }
            StringBuilder query = new StringBuilder("?");
            int parameters = 1 + random.nextInt(5);
            for (int i = 0; i < parameters; i++) {
                if (i > 0) {
                    query.append('&');
                }
                String name = pick(new String[] {"accessToken", "callback", "callback", "_method", "skip", "take",
                    "filter", "filter[name]", "filter[logic]", "filter[filters][0][field]",
                    "filter[filters][0][operator]", "filter[filters][0][value]", "filter[0][field]", "sort", "dir",
                    "sort[0][field]", "sort[0][dir]", "hash", "username", "password", "only_token", "pause",
                    "queues[0][login]", "queues[0][name]", "queues[][name]", "number", "type", "queue", "action"});
                query.append(random.nextInt(8) == 0 ? corrupt(name) : encodeBrackets(name)).append('=').append(value(name));
            }
            return query.toString();
        }

        private String value(String name) {
            if (name.equals("callback")) {
                return pick(CALLBACKS);
            }
            if (name.equals("_method")) {
                return pick(METHOD_OVERRIDES);
            }
            if (name.equals("accessToken") && random.nextBoolean()) {
                return pick(new String[] {"tok-a-" + instance, "tok-boss-" + instance, "demo-token-agent1"});
            }
            return switch (random.nextInt(12)) {
                case 0 -> "99999999999999999999";
                case 1 -> "-1";
                case 2 -> "1e999";
                case 3 -> urlEncode("{\"field\":\"name\",\"operator\":\"" + pick(new String[] {"eq", "bogus", "in",
                    "like", "isnull"}) + "\",\"value\":" + pick(new String[] {"1", "null", "[1,2]", "{}", "\"x\""}) + "}");
                case 4 -> urlEncode(pick(new String[] {"[{\"field\":\"x\"}]", "{\"logic\":\"or\",\"filters\":{}}", "{",
                    "[[[[", "{\"filters\":[{\"filters\":[{\"field\":\"name\"}]}]}", "[]", "{\"field\":null}",
                    "[" .repeat(1200) + "]".repeat(1200)}));
                case 5 -> corrupt(word(5));
                case 6 -> pick(new String[] {"desc", "asc", "sideways", "true", "false", "on", "null", "CLOSE",
                    "CALL", "SMS", "2000", "lunch", ""});
                case 7 -> "%00%01%02%1F%7F";
                case 8 -> word(1 + random.nextInt(3000));
                default -> word(1 + random.nextInt(10));
            };
        }

        private List<String[]> headers() {
            List<String[]> headers = new ArrayList<>();
            if (random.nextInt(4) != 0) {
                headers.add(new String[] {"Content-Type", pick(CONTENT_TYPES)});
            }
            if (random.nextInt(8) == 0) {
                headers.add(new String[] {"Content-Type", pick(CONTENT_TYPES)});
            }
            switch (random.nextInt(6)) {
                case 0 -> headers.add(new String[] {"X-Auth-Token", "tok-a-" + instance});
                case 1 -> headers.add(new String[] {"X-Auth-Token", word(1 + random.nextInt(60))});
                case 2 -> headers.add(new String[] {"Cookie", "c_user=" + pick(new String[] {"tok-b-" + instance,
                    "", "=;;", word(20)})});
                case 3 -> {
                    headers.add(new String[] {"X-Auth-Token", "tok-a-" + instance});
                    headers.add(new String[] {"X-Auth-Token", word(10)});
                }
                default -> {
                }
            }
            if (random.nextInt(3) == 0) {
                headers.add(new String[] {"Origin", pick(new String[] {"https://app.example", "null", "http://x",
                    word(30), "https://" + "a".repeat(2000) + ".example", "", "https://a\u0001b.example",
                    "https://\u00ff.example", "https://x.example/path?q#f"})});
                headers.add(new String[] {"Access-Control-Request-Method", pick(new String[] {"POST", "GET", "BOGUS"})});
            }
            if (random.nextInt(6) == 0) {
                headers.add(new String[] {pick(new String[] {"Authorization", "X-Sim-Token"}),
                    pick(new String[] {"Bearer ", "Bearer x", "Basic Zm9vOmJhcg==", word(40), "Bearer " + word(500)})});
            }
            if (random.nextInt(5) == 0) {
                // Long, but below the server's header limits: a client must not be able to fail the handler with it.
                headers.add(new String[] {"X-Padding", "p".repeat(1000 + random.nextInt(7000))});
            }
            if (random.nextInt(10) == 0) {
                headers.add(new String[] {"X-Odd", "a\u0001b\u007fc\u00ffd\te"});
            }
            if (random.nextInt(10) == 0) {
                headers.add(new String[] {"Accept", pick(new String[] {"*/*", "application/xml", "text/html;q=x", ""})});
            }
            return headers;
        }

        private byte[] body(List<String[]> headers) {
            String text = switch (random.nextInt(16)) {
                case 0, 1 -> null;
                case 2 -> "";
                case 3, 4 -> jsonObject(0);
                case 5 -> pick(new String[] {"[]", "[1,2]", "42", "\"x\"", "null", "true", "{", "{\"a\":", "{\"a\"}",
                    "{'a':1}", "{\"a\":1,}", "\uFEFF{}"});
                case 6 -> "{\"name\":\"x\",\"name\":\"y\",\"login\":\"a\",\"login\":{}}";
                case 7 -> "{\"a\":".repeat(1500) + "1" + "}".repeat(1500);
                case 8 -> "[".repeat(5000) + "]".repeat(5000);
                case 9 -> "{\"text\":\"" + "x".repeat(random.nextInt(20) == 0 ? 1_100_000 : 50_000) + "\"}";
                case 10, 11 -> form();
                case 12 -> "a" + "[x]".repeat(3000) + "=1";
                case 13 -> "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xy";
                default -> {
                    byte[] junk = new byte[1 + random.nextInt(300)];
                    random.nextBytes(junk);
                    yield new String(junk, StandardCharsets.ISO_8859_1);
                }
            };
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }

        private String jsonObject(int depth) {
            StringBuilder json = new StringBuilder("{");
            int fields = random.nextInt(6);
            for (int i = 0; i < fields; i++) {
                if (i > 0) {
                    json.append(',');
                }
                json.append('"').append(pick(FIELDS)).append("\":").append(jsonValue(depth));
            }
            return json.append('}').toString();
        }

        private String jsonValue(int depth) {
            return switch (random.nextInt(12)) {
                case 0 -> "null";
                case 1 -> String.valueOf(random.nextBoolean());
                case 2 -> String.valueOf(random.nextInt());
                case 3 -> pick(new String[] {"1e400", "-0", "99999999999999999999999", "1.5", "-1"});
                case 4 -> "\"\\u0000\\u001f" + word(3) + "\"";
                case 5 -> depth < 3 ? jsonObject(depth + 1) : "{}";
                case 6 -> depth < 3 ? "[" + jsonValue(depth + 1) + "," + jsonValue(depth + 1) + "]" : "[]";
                case 7 -> "\"" + pick(new String[] {"2000", "1000", "lunch", "a", "b", "CALL", "SMS", "CLOSE", "in",
                    "out", "tok-a-" + instance}) + "\"";
                default -> "\"" + word(random.nextInt(20)) + "\"";
            };
        }

        private String form() {
            StringBuilder form = new StringBuilder();
            int pairs = 1 + random.nextInt(6);
            for (int i = 0; i < pairs; i++) {
                if (i > 0) {
                    form.append(random.nextInt(10) == 0 ? "&&" : "&");
                }
                String key = pick(new String[] {"queues[0][login]", "queues[0][name]", "queues[]", "queues", "pause",
                    "number", "type", "queue", "action", "username", "password", "only_token", "refreshToken",
                    "a[b][c]", "a[", "a]", "[x]", "a[b]c", "accessToken"});
                form.append(random.nextInt(6) == 0 ? corrupt(key) : key).append('=')
                        .append(random.nextInt(5) == 0 ? corrupt(word(4)) : word(1 + random.nextInt(8)));
            }
            return form.toString();
        }

        private String word(int length) {
            String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
            StringBuilder word = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                word.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return word.toString();
        }

        private String pick(String[] choices) {
            return choices[random.nextInt(choices.length)];
        }

        private static String hex(int value) {
            return String.format("%02X", value);
        }

        private static String encodeBrackets(String name) {
            return name.replace("[", "%5B").replace("]", "%5D");
        }

        private static String urlEncode(String text) {
            return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
        }

        /** Control characters shown as escapes, and cut to {@code max} characters. */
        static String printable(String text, int max) {
            StringBuilder shown = new StringBuilder();
            for (char c : text.toCharArray()) {
                if (shown.length() >= max) {
                    return shown.append("...(").append(text.length()).append(" chars)").toString();
                }
                shown.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
            return shown.toString();
        }
    }
}
