package io.dialgate.gateway.polling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.gateway.event.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode state(String json) throws Exception {
        ObjectNode s = AgentState.empty();
        s.setAll((ObjectNode) JSON.readTree(json));
        return s;
    }

    private static List<EventType> types(List<StateDiff.Change> changes) {
        return changes.stream().map(StateDiff.Change::type).toList();
    }

    @Test
    void shouldEmitQueueLoginAndLogout() throws Exception {
        var before = state("{\"queues\":{\"1000\":{\"loggedIn\":true},\"2000\":{\"loggedIn\":false}}}");
        var after = state("{\"queues\":{\"1000\":{\"loggedIn\":false},\"2000\":{\"loggedIn\":true,\"penalty\":2}}}");
        var changes = StateDiff.between(before, after);
        assertThat(types(changes)).containsExactlyInAnyOrder(EventType.QUEUE_LOGOUT, EventType.QUEUE_LOGIN);
        assertThat(changes).filteredOn(c -> c.type() == EventType.QUEUE_LOGIN).first()
                .satisfies(c -> assertThat(c.data().get("penalty").asInt()).isEqualTo(2));
    }

    @Test
    void shouldTreatAVanishedLoggedInQueueAsLogout() throws Exception {
        assertThat(types(StateDiff.between(state("{\"queues\":{\"1000\":{\"loggedIn\":true}}}"), state("{\"queues\":{}}"))))
                .containsExactly(EventType.QUEUE_LOGOUT);
    }

    @Test
    void shouldEmitPauseStartEndAndSwitch() throws Exception {
        var none = state("{}");
        var lunch = state("{\"pause\":{\"name\":\"lunch\",\"title\":\"Lunch\"}}");
        var wrap = state("{\"pause\":{\"name\":\"wrap\"}}");
        assertThat(types(StateDiff.between(none, lunch))).containsExactly(EventType.PAUSE_STARTED);
        assertThat(types(StateDiff.between(lunch, none))).containsExactly(EventType.PAUSE_ENDED);
        assertThat(types(StateDiff.between(lunch, wrap))).containsExactly(EventType.PAUSE_ENDED, EventType.PAUSE_STARTED);
        assertThat(StateDiff.between(lunch, lunch)).isEmpty();
    }

    @Test
    void shouldEmitEveryCallStepReachedInOrder() throws Exception {
        var none = state("{}");
        var ringing = state("{\"calls\":{\"a1\":{\"state\":\"ringing\",\"answered\":false}}}");
        var answered = state("{\"calls\":{\"a1\":{\"state\":\"answered\",\"answered\":true}}}");
        var ended = state("{\"calls\":{\"a1\":{\"state\":\"ended\",\"answered\":true,\"duration\":42}}}");
        var missed = state("{\"calls\":{\"a1\":{\"state\":\"ended\",\"answered\":false}}}");
        assertThat(types(StateDiff.between(none, ringing))).containsExactly(EventType.CALL_RINGING);
        assertThat(types(StateDiff.between(ringing, answered))).containsExactly(EventType.CALL_ANSWERED);
        assertThat(types(StateDiff.between(answered, ended))).containsExactly(EventType.CALL_ENDED);
        assertThat(types(StateDiff.between(none, ended)))
                .as("a call that happened while nobody watched")
                .containsExactly(EventType.CALL_RINGING, EventType.CALL_ANSWERED, EventType.CALL_ENDED);
        assertThat(types(StateDiff.between(ringing, missed))).containsExactly(EventType.CALL_ENDED);
        assertThat(StateDiff.between(none, ended).get(2).data().get("duration").asLong()).isEqualTo(42);
        assertThat(StateDiff.between(ended, ended)).isEmpty();
    }

    @Test
    void shouldEmitNewSmsOnce() throws Exception {
        var before = state("{}");
        var after = state("{\"sms\":{\"a2\":{\"number\":\"123\"}}}");
        assertThat(types(StateDiff.between(before, after))).containsExactly(EventType.SMS_SENT);
        assertThat(StateDiff.between(after, after)).isEmpty();
    }

    @Test
    void shouldTellReceivedSmsFromSentOnes() throws Exception {
        var before = state("{\"sms\":{}}");
        var after = state("{\"sms\":{\"a3\":{\"number\":\"+420777\",\"direction\":\"IN\",\"queue\":\"3000\"}}}");
        var changes = StateDiff.between(before, after);
        assertThat(types(changes)).containsExactly(EventType.SMS_RECEIVED);
        assertThat(changes.get(0).data().get("number").asText()).isEqualTo("+420777");
    }

    @Test
    void shouldDeriveTicketCreatedUpdatedAndClosed() throws Exception {
        var none = state("{\"tickets\":{}}");
        var open = state("{\"tickets\":{\"7\":{\"title\":\"T\",\"stage\":\"OPEN\",\"priority\":\"LOW\",\"edited\":\"a\"}}}");
        var higher = state("{\"tickets\":{\"7\":{\"title\":\"T\",\"stage\":\"OPEN\",\"priority\":\"HIGH\",\"edited\":\"b\"}}}");
        var closed = state("{\"tickets\":{\"7\":{\"title\":\"T\",\"stage\":\"CLOSE\",\"priority\":\"HIGH\",\"edited\":\"c\"}}}");
        assertThat(types(StateDiff.between(none, open))).containsExactly(EventType.TICKET_CREATED);
        var updated = StateDiff.between(open, higher);
        assertThat(types(updated)).containsExactly(EventType.TICKET_UPDATED);
        assertThat(updated.get(0).data().get("changed").toString()).isEqualTo("[\"priority\"]");
        assertThat(types(StateDiff.between(higher, closed))).containsExactly(EventType.TICKET_CLOSED);
        assertThat(StateDiff.between(closed, closed)).isEmpty();
        assertThat(StateDiff.between(open, none)).as("a ticket leaving the list").isEmpty();
    }

    @Test
    void shouldTakeTheFirstTicketsSectionAsABaseline() throws Exception {
        var unknown = state("{}");
        var open = state("{\"tickets\":{\"7\":{\"title\":\"T\",\"stage\":\"OPEN\"}}}");
        assertThat(StateDiff.between(unknown, open)).isEmpty();
    }
}
