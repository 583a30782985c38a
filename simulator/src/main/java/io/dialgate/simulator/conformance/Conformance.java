package io.dialgate.simulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code dialgate conformance}: sends the same script of requests to a real Daktela PBX and to the
 * simulator and prints, per request, where the answers differ in shape: status, missing or extra keys,
 * other JSON types. Read-only unless {@code --allow-writes --user <test login>}. The tokens go only into
 * the {@code X-Auth-Token} header and never into any output.
 *
 * <p>A plain {@code main} on the JDK's HTTP client rather than part of the Quarkus app: it runs once from
 * the command line against two URLs and must not start a server.
 */
public final class Conformance {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    /** One side: a base URL (the PBX root, the client adds /api/v6) and its token. */
    record Target(String name, URI base, String token) {

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Target[" + name + ", " + base + ", token=***]";
        }
    }

    /** One scripted request; {@code body} null for GET. */
    record Step(String label, String method, String path, Map<String, String> query, JsonNode body) {
    }

    /** One side's answer. */
    record Answer(int status, JsonNode json) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final PrintStream out;

    Conformance(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status (0 same shapes, 1 differences, 2 usage or connection error). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new TreeSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--allow-writes") || arg.equals("--help") || arg.equals("-h")) {
                flags.add(arg);
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                options.put(arg, args[++i]);
            } else {
                err.println("dialgate conformance: unexpected argument '" + arg + "'");
                return usage(err);
            }
        }
        if (flags.contains("--help") || flags.contains("-h")) {
            usage(out);
            return 0;
        }
        String pbx = options.get("--pbx");
        String token = options.containsKey("--token") ? options.get("--token") : System.getenv("DAKTELA_TOKEN");
        if (pbx == null || token == null || token.isBlank()) {
            err.println("dialgate conformance: --pbx and --token (or DAKTELA_TOKEN) are required");
            return usage(err);
        }
        boolean writes = flags.contains("--allow-writes");
        String user = options.get("--user");
        if (writes && (user == null || user.isBlank())) {
            err.println("dialgate conformance: --allow-writes needs --user <a test login whose state may change>");
            return 2;
        }
        String sim = options.getOrDefault("--sim", "http://127.0.0.1:8081");
        String simToken = options.getOrDefault("--sim-token", "demo-token-agent1");
        try {
            Target real = new Target("pbx", base(pbx), token.strip());
            Target simulator = new Target("simulator", base(sim), simToken.strip());
            return new Conformance(out).compare(real, simulator, writes ? user : null) ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("dialgate conformance: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("dialgate conformance: " + scrub(e.getMessage(), token, simToken));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private static int usage(PrintStream to) {
        to.println("""
                Usage: dialgate conformance --pbx <url> --token <token> [--sim <url>] [--sim-token <token>]
                                            [--allow-writes --user <test login>]

                Sends the same read-only requests (whoim, queues, pauses, users, realtimeSessions, activities,
                activitiesCall, appPullData with an empty and then the returned hash, and the list options fields,
                total=false, q, filter and sort) to your PBX and to the simulator, and prints where the answers
                differ in shape. Writes nothing to the PBX unless --allow-writes --user <test login> is given
                (then it also creates and deletes a status and sends an invalid activity, which creates nothing).
                The token is read from --token or DAKTELA_TOKEN and is never printed.
                  --pbx        your PBX root, e.g. https://acme.daktela.com
                  --sim        the simulator root (default http://127.0.0.1:8081; an instance: .../pbx/<name>)
                  --sim-token  a simulator token (default demo-token-agent1, the demo seed's)
                Exit status: 0 same shapes, 1 differences, 2 usage or connection error.""");
        return 2;
    }

    private static URI base(String url) {
        URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("a URL must be http or https: " + url);
        }
        if (uri.getRawQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("a base URL takes no query or credentials: " + uri.getHost());
        }
        return uri;
    }

    /** Runs the script against both; true when every answer has the same shape. */
    boolean compare(Target pbx, Target sim, String writeUser) throws IOException, InterruptedException {
        List<Step> steps = new ArrayList<>(readSteps());
        boolean same = true;
        out.println("Comparing " + pbx.base() + " (pbx) with " + sim.base() + " (simulator)");
        for (Step step : steps) {
            same &= report(step, send(pbx, step), send(sim, step));
        }
        // appPullData with the hash each side returned: a held poll, answered at the hold time or on a change.
        Step firstPull = new Step("appPullData (empty hash)", "GET", "appPullData", Map.of("hash", ""), null);
        Answer pbxFirst = send(pbx, firstPull);
        Answer simFirst = send(sim, firstPull);
        same &= report(firstPull, pbxFirst, simFirst);
        Step pbxSecond = new Step("appPullData (returned hash)", "GET", "appPullData",
                Map.of("hash", pbxFirst.json().path("result").path("hash").asText("")), null);
        Step simSecond = new Step(pbxSecond.label(), "GET", "appPullData",
                Map.of("hash", simFirst.json().path("result").path("hash").asText("")), null);
        out.println("  (the next request may be held up to the PBX's hold time, 15 s on Daktela)");
        // Both held at once: one hold time, not two.
        java.util.concurrent.CompletableFuture<Answer> heldAtPbx = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return send(pbx, pbxSecond);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Answer simHeld = send(sim, simSecond);
        try {
            same &= report(pbxSecond, heldAtPbx.join(), simHeld);
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
        if (writeUser != null) {
            same &= writes(pbx, sim, writeUser);
        }
        out.println(same ? "Same shapes." : "Shapes differ. Send this report (it holds no token) to the Dialgate "
                + "project's issue tracker, titled 'conformance report', so the simulator can follow your PBX.");
        return same;
    }

    private boolean writes(Target pbx, Target sim, String user) throws IOException, InterruptedException {
        boolean same = true;
        same &= report(new Step("usersSession", "GET", "usersSession", Map.of(), null),
                send(pbx, new Step("usersSession", "GET", "usersSession", Map.of(), null)),
                send(sim, new Step("usersSession", "GET", "usersSession", Map.of(), null)));
        Step create = new Step("statuses (create)", "POST", "statuses", Map.of(),
                MAPPER.createObjectNode().put("title", "dialgate conformance check"));
        Answer pbxCreated = send(pbx, create);
        Answer simCreated = send(sim, create);
        same &= report(create, pbxCreated, simCreated);
        for (Map.Entry<Target, Answer> created : Map.of(pbx, pbxCreated, sim, simCreated).entrySet()) {
            String name = created.getValue().json().path("result").path("name").asText("");
            if (!name.isEmpty()) {
                send(created.getKey(), new Step("statuses (delete)", "DELETE", "statuses/" + name, Map.of(), null));
            }
        }
        // Without a number this creates nothing on any PBX: it shows the validation error's shape.
        Step invalid = new Step("activities (invalid: no number)", "POST", "activities", Map.of(),
                MAPPER.createObjectNode().put("type", "CALL").put("user", user));
        same &= report(invalid, send(pbx, invalid), send(sim, invalid));
        return same;
    }

    private static List<Step> readSteps() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("whoim", "GET", "whoim", Map.of(), null));
        for (String list : List.of("queues", "pauses", "users", "realtimeSessions", "activities", "activitiesCall")) {
            steps.add(new Step(list, "GET", list, Map.of("take", "5"), null));
        }
        steps.add(new Step("queues fields[]=name,title", "GET", "queues",
                Map.of("fields[0]", "name", "fields[1]", "title", "take", "5"), null));
        steps.add(new Step("queues total=false", "GET", "queues", Map.of("total", "false", "take", "5"), null));
        steps.add(new Step("queues q", "GET", "queues", Map.of("q", "a", "take", "5"), null));
        steps.add(new Step("queues filter (Kendo)", "GET", "queues", Map.of("filter[logic]", "and",
                "filter[filters][0][field]", "name", "filter[filters][0][operator]", "isnotnull", "take", "5"), null));
        steps.add(new Step("queues sort", "GET", "queues", Map.of("sort[0][field]", "name", "sort[0][dir]", "desc",
                "take", "5"), null));
        steps.add(new Step("unknown record", "GET", "queues/dialgate-no-such-queue", Map.of(), null));
        return steps;
    }

    private Answer send(Target target, Step step) throws IOException, InterruptedException {
        StringBuilder uri = new StringBuilder(target.base().toString()).append("/api/v6/").append(step.path())
                .append(".json");
        char separator = '?';
        for (Map.Entry<String, String> parameter : step.query().entrySet()) {
            uri.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(TIMEOUT)
                .header("X-Auth-Token", target.token()).header("Accept", "application/json");
        if (step.body() != null) {
            request.header("Content-Type", "application/json")
                    .method(step.method(), HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(step.body())));
        } else {
            request.method(step.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isBlank() ? MAPPER.nullNode() : MAPPER.readTree(response.body());
            } catch (IOException notJson) {
                json = MAPPER.getNodeFactory().textNode("(not JSON)");
            }
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new IOException(target.name() + " did not answer " + step.label() + ": "
                    + e.getClass().getSimpleName(), null);
        }
    }

    /** Prints one request's differences; true when there are none. */
    private boolean report(Step step, Answer pbx, Answer sim) {
        List<String> lines = new ArrayList<>();
        if (pbx.status() != sim.status()) {
            lines.add("status: pbx " + pbx.status() + ", simulator " + sim.status());
        }
        Map<String, Set<String>> a = Shape.of(pbx.json());
        Map<String, Set<String>> b = Shape.of(sim.json());
        Set<String> hints = new TreeSet<>();
        for (String path : union(a.keySet(), b.keySet())) {
            if (ignored(path)) {
                continue;
            }
            Set<String> left = a.get(path);
            Set<String> right = b.get(path);
            String line = null;
            if (right == null) {
                line = "missing in simulator: " + path + " (" + String.join("|", left) + ")";
            } else if (left == null) {
                line = "extra in simulator:   " + path + " (" + String.join("|", right) + ")";
            } else if (!withoutNull(left).equals(withoutNull(right)) && !withoutNull(left).isEmpty()
                    && !withoutNull(right).isEmpty()) {
                line = "other type:           " + path + ": pbx " + String.join("|", left) + ", simulator "
                        + String.join("|", right);
            }
            if (line != null) {
                lines.add(line);
                String hint = Hints.forPath(step.label(), path);
                if (hint != null) {
                    hints.add(hint);
                }
            }
        }
        out.println((lines.isEmpty() ? "  same  " : "  DIFF  ") + step.method() + " " + step.label());
        lines.forEach(l -> out.println("          " + l));
        hints.forEach(h -> out.println("          -> setting: " + h));
        return lines.isEmpty();
    }

    /** Values that legitimately differ between any two PBXes and say nothing about shape. */
    private static boolean ignored(String path) {
        return path.startsWith(".result.data[].customFields.") || path.startsWith(".result.customFields.");
    }

    private static Set<String> withoutNull(Set<String> types) {
        Set<String> copy = new TreeSet<>(types);
        copy.remove("null");
        return copy;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String scrub(String text, String... secrets) {
        String result = String.valueOf(text);
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) {
                result = result.replace(secret, "***");
            }
        }
        return result;
    }
}
