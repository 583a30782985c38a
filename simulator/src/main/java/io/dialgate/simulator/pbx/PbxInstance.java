package io.dialgate.simulator.pbx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.fault.FaultBook;
import io.dialgate.simulator.journal.Journal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated PBX: its users, queues, pauses, activities, calls and every user's live state.
 * Every method that reads or writes mutable state must run while holding this object's monitor
 * ({@code synchronized (instance)}); callers group a read-modify-commit under one lock so no
 * change slips between a held poll's hash check and its registration.
 */
public final class PbxInstance {

    private final String name;
    private volatile Profile profile;
    private final int recentActivities;
    private final FaultBook faults = new FaultBook();
    private final Journal journal;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Pause> pauses = new LinkedHashMap<>();
    private final Map<String, Activity> activities = new LinkedHashMap<>();
    // What a user's state shows of its activities (the open ones, the last few closed), kept up to date on each
    // change: rebuilding the state on every change must not scan the user's whole history, let alone everyone's.
    private final Map<String, UserActivities> activitiesByUser = new HashMap<>();
    private final Map<String, Call> calls = new LinkedHashMap<>();
    private final RecordStore records = new RecordStore();
    private final Map<String, AgentState> agents = new LinkedHashMap<>();
    private final Map<String, String> sessionTokens = new LinkedHashMap<>();
    private final Map<String, String> refreshTokens = new LinkedHashMap<>();
    /** When each expiring token issued by login.json stops working, epoch millis. */
    private final Map<String, Long> tokenExpiry = new HashMap<>();
    // Records kept by feature packages (tickets, ...) that live and reset with the instance.
    private final Map<Class<?>, Object> extensions = new LinkedHashMap<>();
    private volatile boolean cors;
    private int generation;
    private long sequence;

    public PbxInstance(String name, boolean cors, Profile profile, int recentActivities, int journalSize) {
        this.name = name;
        this.profile = profile;
        this.cors = cors;
        this.recentActivities = recentActivities;
        this.journal = new Journal(journalSize);
    }

    public String name() {
        return name;
    }

    /** How this instance answers where PBXes differ. */
    public Profile profile() {
        return profile;
    }

    public void setProfile(Profile profile) {
        this.profile = profile;
    }

    public boolean cors() {
        return cors;
    }

    public void setCors(boolean cors) {
        this.cors = cors;
    }

    public FaultBook faults() {
        return faults;
    }

    public Journal journal() {
        return journal;
    }

    /**
     * Empties the instance. The generation goes into every hash, so a client still holding a hash
     * from before the reset gets a snapshot instead of being held on a hash that means nothing now.
     */
    public synchronized void reset() {
        List<ChangeListener> waiting = new ArrayList<>();
        agents.values().forEach(a -> waiting.addAll(a.listeners));
        users.clear();
        queues.clear();
        pauses.clear();
        activities.clear();
        activitiesByUser.clear();
        calls.clear();
        records.clear();
        agents.clear();
        sessionTokens.clear();
        refreshTokens.clear();
        tokenExpiry.clear();
        extensions.clear();
        faults.clear();
        journal.clear();
        generation++;
        ObjectNode gone = Json.object().put("hash", "").put("snapshot", false);
        waiting.forEach(l -> l.onChange(gone));
    }

    // --- users, queues, pauses ---------------------------------------------------------------

    /** Adds or replaces a user; returns true when it is new. */
    public synchronized boolean putUser(User user) {
        User previous = users.put(user.login(), user);
        if (previous == null) {
            agents.put(user.login(), new AgentState());
        }
        commit(user.login());
        return previous == null;
    }

    /** Adds or replaces a queue; every user's queue list changes, so all of them commit. */
    public synchronized boolean putQueue(Queue queue) {
        boolean created = queues.put(queue.name(), queue) == null;
        commitAll();
        return created;
    }

    public synchronized boolean putPause(Pause pause) {
        boolean created = pauses.put(pause.name(), pause) == null;
        commitAll();
        return created;
    }

    public synchronized Optional<User> user(String login) {
        return Optional.ofNullable(users.get(login));
    }

    public synchronized Optional<Queue> queue(String queueName) {
        return Optional.ofNullable(queues.get(queueName));
    }

    public synchronized Optional<Pause> pause(String pauseName) {
        return Optional.ofNullable(pauses.get(pauseName));
    }

    public synchronized List<User> users() {
        return List.copyOf(users.values());
    }

    public synchronized List<Queue> queues() {
        return List.copyOf(queues.values());
    }

    public synchronized List<Pause> pauses() {
        return List.copyOf(pauses.values());
    }

    /** Queues the user may use, in instance order. */
    public synchronized List<Queue> queuesFor(User user) {
        if (user.queues() == null) {
            return List.copyOf(queues.values());
        }
        return queues.values().stream().filter(q -> user.queues().contains(q.name())).toList();
    }

    /** The stored CRM-side records; callers hold this instance's lock while they use it. */
    public RecordStore records() {
        return records;
    }

    public synchronized AgentState agent(String login) {
        return agents.get(login);
    }

    /**
     * A feature's per-instance store, created on first use and dropped on reset. A store that is a
     * {@link StateSection} also adds a section to every user's pull-data state.
     */
    public synchronized <T> T extension(Class<T> type, java.util.function.Supplier<T> factory) {
        Object extension = extensions.get(type);
        if (extension == null) {
            extension = factory.get();
            extensions.put(type, extension);
            if (extension instanceof StateSection) {
                // Every user's state gains the new section at once, not at its next unrelated change.
                commitAll();
            }
        }
        return type.cast(extension);
    }

    // --- tokens ----------------------------------------------------------------------------

    /**
     * The user a token belongs to at {@code nowMillis}: a user's static token, or one issued by login.json
     * and not past its expiry.
     */
    public synchronized Optional<User> userByToken(String token, long nowMillis) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String issuedTo = sessionTokens.get(token);
        if (issuedTo != null) {
            Long expiry = tokenExpiry.get(token);
            if (expiry != null && nowMillis >= expiry) {
                return Optional.empty();
            }
            return Optional.ofNullable(users.get(issuedTo));
        }
        return users.values().stream().filter(u -> token.equals(u.accessToken())).findFirst();
    }

    /** True when another user already owns this static token. */
    public synchronized boolean tokenTakenByOther(String token, String login) {
        return users.values().stream().anyMatch(u -> token.equals(u.accessToken()) && !u.login().equals(login))
                || (sessionTokens.containsKey(token) && !login.equals(sessionTokens.get(token)));
    }

    /** Replaces the static token; a null token also revokes every token issued by login.json. */
    public synchronized void setToken(String login, String token) {
        users.computeIfPresent(login, (k, u) -> u.withAccessToken(token));
        if (token == null) {
            refreshTokens.values().removeIf(access -> login.equals(sessionTokens.get(access)));
            sessionTokens.entrySet().removeIf(e -> {
                boolean revoked = login.equals(e.getValue());
                if (revoked) {
                    tokenExpiry.remove(e.getKey());
                }
                return revoked;
            });
        }
    }

    /**
     * Records a token pair issued by login.json; the refresh token maps to its access token. An
     * {@code expiresAtMillis} of 0 never expires.
     */
    public synchronized void issueSessionToken(String login, String accessToken, String refreshToken,
            long expiresAtMillis) {
        sessionTokens.put(accessToken, login);
        refreshTokens.put(refreshToken, accessToken);
        if (expiresAtMillis > 0) {
            tokenExpiry.put(accessToken, expiresAtMillis);
        }
    }

    /**
     * Consumes a refresh token (single use) and retires the access token issued with it, returning
     * the login it belonged to.
     */
    public synchronized Optional<String> consumeRefreshToken(String refreshToken) {
        String access = refreshTokens.remove(refreshToken);
        if (access != null) {
            tokenExpiry.remove(access);
        }
        return access == null ? Optional.empty() : Optional.ofNullable(sessionTokens.remove(access));
    }

    // --- activities and calls ----------------------------------------------------------------

    /** Creates an OPEN call activity with its ringing call; the caller commits. */
    public synchronized Activity newCallActivity(String user, String queue, String direction, String clid,
            String did, String now, long nowMillis) {
        long seq = ++sequence;
        String activityName = String.format("activities_%011x%06d", nowMillis, seq);
        String callId = String.format("%d.%d", nowMillis / 1000, seq);
        Call call = new Call(callId, direction, clid, did, activityName, nowMillis);
        Activity activity = new Activity(activityName, "CALL", queue, user, now, seq, call, null, null);
        activity.action = "OPEN";
        activity.timeOpen = now;
        add(activity);
        calls.put(callId, call);
        return activity;
    }

    /**
     * Creates a channel activity (SMS, ...) whose {@code item} the channel's package renders; closed
     * when {@code closed}. {@code name} is the client's choice, or null for a generated one. The caller
     * checked that the name is free, and commits.
     */
    public synchronized Activity newChannelActivity(String name, String type, String user, String queue,
            String ticket, boolean closed, String now, long nowMillis, java.util.function.Function<String, ObjectNode> item) {
        long seq = ++sequence;
        String activityName = name != null ? name : String.format("activities_%011x%06d", nowMillis, seq);
        Activity activity = new Activity(activityName, type, queue, user, now, seq, null, null, null);
        activity.item = item.apply(activityName);
        activity.ticket = ticket;
        activity.action = closed ? "CLOSE" : "OPEN";
        activity.timeOpen = now;
        activity.timeClose = closed ? now : null;
        add(activity);
        return activity;
    }

    private void add(Activity activity) {
        activities.put(activity.name, activity);
        shown(activity.user).update(activity);
    }

    private UserActivities shown(String login) {
        return activitiesByUser.computeIfAbsent(login, l -> new UserActivities(recentActivities));
    }

    /** A user's open activities and its most recently closed ones, the part of its history its state shows. */
    private static final class UserActivities {
        private final int recentLimit;
        private final Map<String, Activity> open = new LinkedHashMap<>();
        private final ArrayDeque<Activity> recentClosed = new ArrayDeque<>();

        UserActivities(int recentLimit) {
            this.recentLimit = recentLimit;
        }

        /** Files the activity by its current action (new, closed or reopened). */
        void update(Activity activity) {
            if (activity.isOpen()) {
                recentClosed.remove(activity);
                open.put(activity.name, activity);
            } else if (open.remove(activity.name) != null || !recentClosed.contains(activity)) {
                recentClosed.addLast(activity);
                while (recentClosed.size() > recentLimit) {
                    recentClosed.removeFirst();
                }
            }
        }

        void remove(Activity activity) {
            open.remove(activity.name);
            recentClosed.remove(activity);
        }

        /** Open and recently closed activities, in creation order. */
        List<Activity> inOrder() {
            List<Activity> all = new ArrayList<>(open.values());
            all.addAll(recentClosed);
            all.sort(Comparator.comparingLong(a -> a.seq));
            return all;
        }
    }

    public synchronized Optional<Activity> activity(String activityName) {
        return Optional.ofNullable(activities.get(activityName));
    }

    public synchronized Collection<Activity> activities() {
        return List.copyOf(activities.values());
    }

    public synchronized Optional<Call> call(String callId) {
        return Optional.ofNullable(calls.get(callId));
    }

    public synchronized Collection<Call> calls() {
        return List.copyOf(calls.values());
    }

    public synchronized boolean deleteActivity(String activityName) {
        Activity removed = activities.remove(activityName);
        if (removed == null) {
            return false;
        }
        shown(removed.user).remove(removed);
        if (removed.call != null) {
            calls.remove(removed.call.id);
        }
        commit(removed.user);
        return true;
    }

    // --- live state and the pull hash --------------------------------------------------------

    /**
     * Publishes a user's state: rebuilds the sections, and when any differs from the last
     * published one, bumps the version and wakes every held poll of the user with the changed
     * sections. A mutation that changes nothing visible keeps the hash, as a real PBX would.
     */
    public synchronized void commit(String login) {
        AgentState state = agents.get(login);
        User user = users.get(login);
        if (state == null || user == null) {
            return;
        }
        ObjectNode fresh = buildSections(user, state);
        if (state.sections == null) {
            state.sections = fresh;
            state.hash = hash(login, state.version);
            return;
        }
        ObjectNode delta = Json.object();
        Iterator<Map.Entry<String, JsonNode>> fields = fresh.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().equals(state.sections.get(field.getKey()))) {
                delta.set(field.getKey(), field.getValue());
            }
        }
        if (delta.isEmpty()) {
            return;
        }
        state.sections = fresh;
        state.version++;
        state.hash = hash(login, state.version);
        ObjectNode message = Json.object().put("hash", state.hash).put("snapshot", false);
        message.setAll(delta);
        List<ChangeListener> waiting = new ArrayList<>(state.listeners);
        state.listeners.clear();
        waiting.forEach(l -> l.onChange(message));
    }

    private void commitAll() {
        users.keySet().forEach(this::commit);
    }

    /** Registers a held poll; the caller checked the hash under the same lock. */
    public synchronized void listen(String login, ChangeListener listener) {
        AgentState state = agents.get(login);
        if (state != null) {
            state.listeners.add(listener);
        }
    }

    /** Removes a held poll that timed out or whose client went away. */
    public synchronized void unlisten(String login, ChangeListener listener) {
        AgentState state = agents.get(login);
        if (state != null) {
            state.listeners.remove(listener);
        }
    }

    /** Number of polls currently held for all users, for the control API's state view. */
    public synchronized int heldPolls() {
        return agents.values().stream().mapToInt(a -> a.listeners.size()).sum();
    }

    private ObjectNode buildSections(User user, AgentState state) {
        ObjectNode sections = Json.object();
        ArrayNode queueList = sections.putArray("queues");
        for (Queue queue : queuesFor(user)) {
            Integer penalty = state.loggedInQueues.get(queue.name());
            queueList.addObject().put("name", queue.name()).put("title", queue.title())
                    .put("logged_in", penalty != null).put("penalty", penalty == null ? 0 : penalty);
        }
        if (state.pause == null) {
            sections.putNull("pause");
        } else {
            Pause pause = pauses.get(state.pause);
            sections.putObject("pause").put("name", state.pause)
                    .put("title", pause == null ? state.pause : pause.title()).put("since", state.pauseSince);
        }
        ArrayNode activityList = sections.putArray("activities");
        String device = "idle";
        // Closing an activity hangs up its call, so the device state follows from these alone.
        for (Activity activity : shown(user.login()).inOrder()) {
            activityList.add(Views.activity(this, activity));
            Call call = activity.call;
            if (call != null && call.state == Call.State.ANSWERED) {
                device = "busy";
            } else if (call != null && call.state == Call.State.RINGING && !"busy".equals(device)) {
                device = "ringing";
            }
        }
        sections.putObject("device").put("state", device);
        sections.putArray("notifications");
        for (Object extension : extensions.values()) {
            if (extension instanceof StateSection section) {
                section.addTo(user.login(), sections);
            }
        }
        return sections;
    }

    /** Deterministic hash of instance, reset generation, user and version. */
    private String hash(String login, long version) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = digest.digest((name + '\n' + generation + '\n' + login + '\n' + version)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(bytes, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    // --- mutators for the feature services ----------------------------------------------------

    /** Mutable access for the services of this module; always under the instance lock. */
    public synchronized Mutations mutate() {
        return new Mutations();
    }

    /** Mutations of live state, grouped so the services cannot forget which lock they need. */
    public final class Mutations {

        private Mutations() {
        }

        public void loginQueue(String login, String queue, int penalty) {
            agents.get(login).loggedInQueues.put(queue, penalty);
        }

        public void logoutQueue(String login, String queue) {
            agents.get(login).loggedInQueues.remove(queue);
        }

        public void startPause(String login, String pause, String since) {
            AgentState state = agents.get(login);
            if (!pause.equals(state.pause)) {
                state.pause = pause;
                state.pauseSince = since;
            }
        }

        public void endPause(String login) {
            AgentState state = agents.get(login);
            state.pause = null;
            state.pauseSince = null;
        }

        public void closeActivity(Activity activity, String now, long nowMillis) {
            activity.action = "CLOSE";
            activity.timeClose = now;
            activity.duration = activity.call == null ? 0
                    : (int) Math.max(0, (nowMillis - activity.call.createdMillis) / 1000);
            shown(activity.user).update(activity);
        }

        public void setAction(Activity activity, String action) {
            activity.action = action;
            shown(activity.user).update(activity);
        }

        public void answer(Call call, long nowMillis) {
            call.state = Call.State.ANSWERED;
            call.answered = true;
            call.answeredMillis = nowMillis;
            call.ringingTime = (int) ((nowMillis - call.createdMillis) / 1000);
        }

        public void end(Call call, long nowMillis) {
            // Daktela's names: who ended it (caller, agent, transfer, system), and why an unanswered call ended.
            if (call.state == Call.State.RINGING) {
                call.ringingTime = (int) ((nowMillis - call.createdMillis) / 1000);
                call.dispositionCause = "caller";
                call.disconnectionCause = "in".equals(call.direction) ? "cancel" : "noanswer";
            } else {
                call.duration = (int) ((nowMillis - call.answeredMillis) / 1000);
                call.dispositionCause = "caller";
            }
            call.state = Call.State.ENDED;
        }

        public void setTimer(Call call, long timerId) {
            call.timerId = timerId;
        }

        public long timer(Call call) {
            return call.timerId;
        }
    }
}
