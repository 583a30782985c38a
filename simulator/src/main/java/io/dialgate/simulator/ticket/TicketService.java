package io.dialgate.simulator.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.simulator.common.DaktelaTime;
import io.dialgate.simulator.common.FormException;
import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.common.Json;
import io.dialgate.simulator.common.NotFoundException;
import io.dialgate.simulator.pbx.Activity;
import io.dialgate.simulator.pbx.PbxInstance;
import io.dialgate.simulator.pbx.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tickets as Daktela keeps them: the server numbers them, {@code title} and {@code category} are
 * required, {@code stage} is OPEN, WAIT, CLOSE or ARCHIVE and {@code priority} LOW, MEDIUM or HIGH;
 * writes take related records by name and reads expand them. A PUT changes only the fields it carries.
 * Closing honours the category's rules (a status required, no open child tickets): a refusal is a 400
 * with a {@code primary} message and nothing changes. Every change republishes the pull-data state of
 * the users it touches.
 */
@ApplicationScoped
public class TicketService {

    private static final String STATUSES = "statuses";

    static final Set<String> STAGES = Set.of("OPEN", "WAIT", "CLOSE", "ARCHIVE");
    static final Set<String> PRIORITIES = Set.of("LOW", "MEDIUM", "HIGH");
    static final Set<String> STATUS_RULES = Set.of("never", "closing_ticket", "always");
    private static final Set<String> WRITABLE = Set.of("title", "category", "user", "contact", "description", "stage",
            "priority", "statuses", "followers", "parentTicket", "customFields");
    private static final DateTimeFormatter DAKTELA = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final TicketConfig config;
    private final Clock clock;

    public TicketService(TicketConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    private TicketBook book(PbxInstance instance) {
        return instance.extension(TicketBook.class, () -> new TicketBook(config.pullSection(), config.recentClosed()));
    }

    // --- categories and statuses ---------------------------------------------------------------

    /** Adds or replaces a category; true when new. */
    public boolean putCategory(PbxInstance instance, TicketCategory category) {
        synchronized (instance) {
            if (category.smsQueue() != null && instance.queue(category.smsQueue()).isEmpty()) {
                throw new InvalidInputException("Field 'smsQueue' names unknown queue '" + category.smsQueue() + "'");
            }
            return book(instance).categories.put(category.name(), category) == null;
        }
    }

    /**
     * Adds or replaces a status; true when new. Statuses are the instance's {@code statuses.json} records, the
     * same ones that endpoint creates, changes and deletes, so a ticket may carry any of them.
     */
    public boolean putStatus(PbxInstance instance, TicketStatus status) {
        synchronized (instance) {
            ObjectNode record = instance.records().get(STATUSES, status.name()).map(ObjectNode::deepCopy).orElseGet(Json::object);
            record.put("name", status.name()).put("title", status.title());
            return instance.records().put(STATUSES, record);
        }
    }

    public List<ObjectNode> categories(PbxInstance instance) {
        synchronized (instance) {
            return book(instance).categories.values().stream().map(this::categoryView).toList();
        }
    }

    public List<ObjectNode> statuses(PbxInstance instance) {
        synchronized (instance) {
            return instance.records().list(STATUSES).stream()
                    .map(s -> Json.object().put("name", Json.text(s.get("name"))).put("title", Json.text(s.get("title")))).toList();
        }
    }

    // --- tickets ----------------------------------------------------------------------------------

    public List<ObjectNode> list(PbxInstance instance) {
        synchronized (instance) {
            TicketBook book = book(instance);
            return book.all().stream().map(t -> view(instance, book, t)).toList();
        }
    }

    public ObjectNode read(PbxInstance instance, String name) {
        synchronized (instance) {
            TicketBook book = book(instance);
            return view(instance, book, find(book, name));
        }
    }

    /** {@code POST tickets.json}: validates everything first, so a refused ticket takes no number. */
    public ObjectNode create(PbxInstance instance, User caller, ObjectNode body) {
        synchronized (instance) {
            TicketBook book = book(instance);
            ObjectNode values = body.deepCopy();
            values.remove("accessToken");
            if (!config.strictCreate()) {
                if (Json.isMissing(values.get("stage"))) {
                    values.put("stage", "OPEN");
                }
                if (Json.isMissing(values.get("priority"))) {
                    values.put("priority", "MEDIUM");
                }
            }
            Map<String, String> errors = new LinkedHashMap<>();
            for (String field : List.of("title", "category", "stage", "priority")) {
                if (isBlank(values.get(field))) {
                    errors.put(field, "Entry is required");
                }
            }
            validate(instance, book, values, null, errors);
            if (!errors.isEmpty()) {
                throw FormException.fields(errors, body);
            }
            String now = DaktelaTime.now(clock);
            Ticket ticket = new Ticket(book.nextName(), now, caller.login());
            ticket.edited = now;
            apply(book, ticket, values);
            checkStatusRules(book, ticket, body);
            if (!ticket.isOpen()) {
                ticket.closed = now;
            }
            ticket.slaDeadtime = slaDeadtime(book, ticket);
            book.add(ticket);
            commit(instance, ticket.user);
            return view(instance, book, ticket);
        }
    }

    /** {@code PUT tickets/{name}.json}: a partial update; closing honours the category's rules. */
    public ObjectNode update(PbxInstance instance, String name, ObjectNode body) {
        synchronized (instance) {
            TicketBook book = book(instance);
            Ticket ticket = find(book, name);
            ObjectNode values = body.deepCopy();
            values.remove("accessToken");
            Map<String, String> errors = new LinkedHashMap<>();
            for (String field : List.of("title", "category", "stage", "priority")) {
                if (values.has(field) && isBlank(values.get(field))) {
                    errors.put(field, "Entry is required");
                }
            }
            validate(instance, book, values, ticket, errors);
            if (!errors.isEmpty()) {
                throw FormException.fields(errors, body);
            }
            boolean wasOpen = ticket.isOpen();
            // Rules are checked on a copy so a refused update changes nothing.
            Ticket proposed = copy(ticket);
            apply(book, proposed, values);
            checkStatusRules(book, proposed, body);
            if (wasOpen && !proposed.isOpen() && book.categories.get(proposed.category).closeCheckChilds()
                    && book.hasOpenChildren(ticket)) {
                throw FormException.primary("The ticket cannot be closed while it has open child tickets", body);
            }
            String previousUser = ticket.user;
            apply(book, ticket, values);
            String now = DaktelaTime.now(clock);
            ticket.edited = now;
            if (wasOpen && !ticket.isOpen()) {
                ticket.closed = now;
            } else if (!wasOpen && ticket.isOpen()) {
                ticket.closed = null;
            }
            if (values.has("priority") || values.has("category")) {
                ticket.slaDeadtime = slaDeadtime(book, ticket);
            }
            book.assign(ticket, previousUser, ticket.user);
            commit(instance, previousUser);
            if (ticket.user != null && !ticket.user.equals(previousUser)) {
                commit(instance, ticket.user);
            }
            return view(instance, book, ticket);
        }
    }

    /** {@code DELETE tickets/{name}.json}; refused while open child tickets block it. */
    public void delete(PbxInstance instance, String name) {
        synchronized (instance) {
            TicketBook book = book(instance);
            Ticket ticket = find(book, name);
            TicketCategory category = book.categories.get(ticket.category);
            if (category != null && category.closeCheckChilds() && book.hasOpenChildren(ticket)) {
                throw FormException.primary("The ticket cannot be deleted while it has open child tickets",
                        Json.object().put("name", ticket.name));
            }
            book.remove(ticket);
            commit(instance, ticket.user);
        }
    }

    /**
     * A comment on a ticket ({@code POST activities.json {type: "", ticket, title, description}}): stored
     * closed at once, as captured answers of real instances show. The caller holds the lock.
     */
    public Activity comment(PbxInstance instance, String user, ObjectNode body) {
        TicketBook book = book(instance);
        String name = Json.text(body.get("ticket"));
        if (name == null || name.isBlank()) {
            throw FormException.fields(Map.of("ticket", "Entry is required"), body);
        }
        Ticket ticket = book.ticket(name)
                .orElseThrow(() -> FormException.fields(Map.of("ticket", "Ticket '" + name + "' does not exist"), body));
        String title = Json.text(body.get("title"));
        String description = Json.text(body.get("description"));
        if (isBlank(body.get("title")) && isBlank(body.get("description"))) {
            throw FormException.fields(Map.of("description", "Entry is required"), body);
        }
        String now = DaktelaTime.now(clock);
        Activity activity = instance.newChannelActivity(null, "COMMENT", user, null, String.valueOf(ticket.name), true,
                now, clock.millis(), activityName -> Json.object().put("title", title == null ? "" : title)
                        .put("description", description == null ? "" : description));
        ticket.lastActivity = now;
        ticket.edited = now;
        instance.commit(user);
        if (ticket.user != null && !ticket.user.equals(user)) {
            instance.commit(ticket.user);
        }
        return activity;
    }

    // --- rules ------------------------------------------------------------------------------------

    private void validate(PbxInstance instance, TicketBook book, ObjectNode values, Ticket current,
            Map<String, String> errors) {
        values.fieldNames().forEachRemaining(field -> {
            if (!WRITABLE.contains(field)) {
                errors.put(field, "Unknown field");
            }
        });
        String title = Json.text(values.get("title"));
        if (title != null && title.length() > 255) {
            errors.put("title", "At most 255 characters");
        }
        String category = Json.text(values.get("category"));
        if (category != null && !category.isBlank() && !book.categories.containsKey(category)) {
            errors.put("category", "Category '" + category + "' does not exist");
        }
        oneOf(values, "stage", STAGES, errors);
        oneOf(values, "priority", PRIORITIES, errors);
        if (values.has("user") && !Json.isMissing(values.get("user"))) {
            String user = Json.text(values.get("user"));
            if (user == null || instance.user(user).isEmpty()) {
                errors.put("user", "User '" + user + "' does not exist");
            }
        }
        if (values.has("parentTicket") && !isBlank(values.get("parentTicket"))) {
            String parent = Json.text(values.get("parentTicket"));
            if (parent == null || book.ticket(parent).isEmpty()) {
                errors.put("parentTicket", "Ticket '" + parent + "' does not exist");
            } else if (current != null && parent.equals(String.valueOf(current.name))) {
                errors.put("parentTicket", "A ticket cannot be its own parent");
            }
        }
        for (String status : names(values.get("statuses"), "statuses", errors)) {
            if (instance.records().get(STATUSES, status).isEmpty()) {
                errors.put("statuses", "Status '" + status + "' does not exist");
            }
        }
        for (String follower : names(values.get("followers"), "followers", errors)) {
            if (instance.user(follower).isEmpty()) {
                errors.put("followers", "User '" + follower + "' does not exist");
            }
        }
        JsonNode custom = values.get("customFields");
        if (custom != null && !custom.isNull() && !custom.isObject() && !(custom.isArray() && custom.isEmpty())) {
            errors.put("customFields", "Must be an object of field names to values");
        }
    }

    private static void oneOf(ObjectNode values, String field, Set<String> allowed, Map<String, String> errors) {
        String value = Json.text(values.get(field));
        if (value != null && !value.isBlank() && !allowed.contains(value)) {
            errors.put(field, "Must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    private void checkStatusRules(TicketBook book, Ticket ticket, ObjectNode echo) {
        TicketCategory category = book.categories.get(ticket.category);
        String rule = category.statusRequired() == null ? "never" : category.statusRequired();
        boolean needed = "always".equals(rule) || ("closing_ticket".equals(rule) && !ticket.isOpen());
        if (needed && ticket.statuses.isEmpty()) {
            throw FormException.primary("A status is required " + ("always".equals(rule) ? "in category '"
                    + category.name() + "'" : "to close a ticket in category '" + category.name() + "'"), echo);
        }
    }

    private static void apply(TicketBook book, Ticket ticket, ObjectNode values) {
        if (values.has("title")) {
            ticket.title = Json.text(values.get("title"));
        }
        if (values.has("category")) {
            ticket.category = Json.text(values.get("category"));
        }
        if (values.has("user")) {
            String user = Json.text(values.get("user"));
            ticket.user = user == null || user.isBlank() ? null : user;
        }
        if (values.has("contact")) {
            String contact = Json.text(values.get("contact"));
            ticket.contact = contact == null || contact.isBlank() ? null : contact;
        }
        if (values.has("description")) {
            ticket.description = Json.text(values.get("description"));
        }
        if (values.has("stage")) {
            ticket.stage = Json.text(values.get("stage"));
        }
        if (values.has("priority")) {
            ticket.priority = Json.text(values.get("priority"));
        }
        if (values.has("statuses")) {
            ticket.statuses = names(values.get("statuses"), "statuses", new LinkedHashMap<>());
        }
        if (values.has("followers")) {
            ticket.followers = names(values.get("followers"), "followers", new LinkedHashMap<>());
        }
        if (values.has("parentTicket")) {
            String parent = Json.text(values.get("parentTicket"));
            ticket.parentTicket = parent == null || parent.isBlank() ? null : Long.parseLong(parent);
        }
        if (values.has("customFields")) {
            ticket.customFields = customFields(values.get("customFields"));
        }
    }

    /** Names from a list, a single name, or Daktela's form shape {@code statuses[0]=x}; empty for none. */
    private static List<String> names(JsonNode node, String field, Map<String, String> errors) {
        List<String> names = new ArrayList<>();
        if (Json.isMissing(node)) {
            return names;
        }
        if (node.isArray() || node.isObject()) {
            node.forEach(n -> {
                String value = n.isObject() ? Json.text(n.get("name")) : Json.text(n);
                if (value == null || value.isBlank()) {
                    errors.put(field, "Must be a list of names");
                } else {
                    names.add(value);
                }
            });
        } else if (!node.asText().isBlank()) {
            names.add(node.asText());
        }
        return new ArrayList<>(new LinkedHashSet<>(names));
    }

    /** Custom fields as Daktela reads them back: every value an array of strings. */
    private static ObjectNode customFields(JsonNode node) {
        ObjectNode fields = Json.object();
        if (node == null || !node.isObject()) {
            return fields;
        }
        node.fields().forEachRemaining(e -> {
            ArrayNode values = fields.putArray(e.getKey());
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else if (!e.getValue().isNull()) {
                values.add(e.getValue().asText());
            }
        });
        return fields;
    }

    private String slaDeadtime(TicketBook book, Ticket ticket) {
        TicketCategory category = book.categories.get(ticket.category);
        Integer minutes = category.sla() == null ? null : category.sla().minutes(ticket.priority);
        if (minutes == null) {
            return null;
        }
        // Working hours are not simulated: the deadline is creation time plus the solution time.
        return LocalDateTime.parse(ticket.created, DAKTELA).plusMinutes(minutes).format(DAKTELA);
    }

    private static Ticket find(TicketBook book, String name) {
        return book.ticket(name).orElseThrow(() -> new NotFoundException("Ticket '" + name + "' not found"));
    }

    private static void commit(PbxInstance instance, String login) {
        if (login != null) {
            instance.commit(login);
        }
    }

    private static boolean isBlank(JsonNode node) {
        String text = Json.text(node);
        return text == null || text.isBlank();
    }

    private static Ticket copy(Ticket t) {
        Ticket c = new Ticket(t.name, t.created, t.createdBy);
        c.title = t.title;
        c.category = t.category;
        c.user = t.user;
        c.contact = t.contact;
        c.description = t.description;
        c.stage = t.stage;
        c.priority = t.priority;
        c.statuses = new ArrayList<>(t.statuses);
        c.followers = new ArrayList<>(t.followers);
        c.parentTicket = t.parentTicket;
        c.customFields = t.customFields;
        return c;
    }

    // --- views ------------------------------------------------------------------------------------

    private ObjectNode categoryView(TicketCategory c) {
        ObjectNode node = Json.object().put("name", c.name()).put("title", c.title()).put("sms_queue", c.smsQueue())
                .put("status_required", c.statusRequired() == null ? "never" : c.statusRequired())
                .put("closeCheckChilds", c.closeCheckChilds());
        if (c.sla() == null) {
            node.putNull("sla");
        } else {
            node.putObject("sla").put("solution_time_low", c.sla().low()).put("solution_time_normal", c.sla().medium())
                    .put("solution_time_high", c.sla().high());
        }
        node.putObject("_sys").put("model", "ticketsCategories");
        return node;
    }

    /** A ticket as Daktela reads it: related records expanded, lists always lists, empty custom fields {@code []}. */
    private ObjectNode view(PbxInstance instance, TicketBook book, Ticket t) {
        ObjectNode node = Json.object().put("name", t.name).put("title", t.title);
        TicketCategory category = book.categories.get(t.category);
        node.putObject("category").put("name", t.category).put("title", category == null ? t.category : category.title())
                .putObject("_sys").put("model", "ticketsCategories");
        if (t.user == null) {
            node.putNull("user");
        } else {
            ObjectNode user = node.putObject("user").put("name", t.user)
                    .put("title", instance.user(t.user).map(User::title).orElse(t.user));
            user.putObject("_sys").put("model", "users");
        }
        if (t.contact == null) {
            node.putNull("contact");
        } else {
            node.putObject("contact").put("name", t.contact);
        }
        node.put("description", t.description).put("stage", t.stage).put("priority", t.priority);
        ArrayNode statuses = node.putArray("statuses");
        t.statuses.forEach(s -> statuses.addObject().put("name", s)
                .put("title", instance.records().get(STATUSES, s).map(r -> Json.text(r.get("title"))).orElse(s)));
        ArrayNode followers = node.putArray("followers");
        t.followers.forEach(f -> followers.addObject().put("name", f));
        if (t.parentTicket == null) {
            node.putNull("parentTicket");
        } else {
            node.putObject("parentTicket").put("name", t.parentTicket)
                    .put("title", book.ticket(String.valueOf(t.parentTicket)).map(p -> p.title).orElse(null));
        }
        if (t.customFields == null || t.customFields.isEmpty()) {
            node.putArray("customFields");
        } else {
            node.set("customFields", t.customFields.deepCopy());
        }
        node.put("created", t.created).put("created_by", t.createdBy).put("edited", t.edited)
                .put("last_activity", t.lastActivity).put("closed", t.closed).put("sla_deadtime", t.slaDeadtime);
        node.putNull("id_merge");
        node.putObject("_sys").put("model", "tickets");
        return node;
    }
}
