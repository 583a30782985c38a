package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Records read the same whether Daktela nests relations or names them, and whatever it leaves out. */
class BothShapesParsingTest {

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void shouldReadAnActivityWithNestedOrFlatRelations() throws Exception {
        Activity nested = Activity.from(json("""
                {"name":"a1","type":"CALL","action":"OPEN","queue":{"name":"2000","title":"Out","type":"out"},
                 "user":{"name":"jane","title":"Jane","alias":"jane","_sys":{"hash":null,"model":"users"}},
                 "item":{"id_call":"c1","direction":"out","answered":false,"id_agent":{"name":"jane"},
                         "disposition_cause":null,"disconnection_cause":null},"_sys":{"model":"activities"}}
                """));
        Activity flat = Activity.from(json("""
                {"name":"a1","type":"CALL","action":"OPEN","queue":"2000","user":"jane",
                 "item":{"id_call":"c1","direction":"out","answered":false}}
                """));
        assertThat(nested.queue()).isEqualTo(flat.queue()).isEqualTo("2000");
        assertThat(nested.user()).isEqualTo(flat.user()).contains("jane");
        assertThat(nested.call().orElseThrow().state()).isEqualTo(flat.call().orElseThrow().state()).contains("ringing");
    }

    @Test
    void shouldTellACallsStateFromItsCausesWhenTheRecordHasNoState() throws Exception {
        assertThat(CallRecord.from(json("{\"id_call\":\"c\",\"answered\":true,\"disposition_cause\":null}")).state())
                .contains("answered");
        assertThat(CallRecord.from(json("{\"id_call\":\"c\",\"answered\":true,\"disposition_cause\":\"caller\"}")).state())
                .contains("ended");
        assertThat(CallRecord.from(json("{\"id_call\":\"c\",\"answered\":false,\"disconnection_cause\":\"noanswer\"}"))
                .state()).contains("ended");
        assertThat(CallRecord.from(json("{\"id_call\":\"c\",\"answered\":false,\"state\":\"ringing\"}")).state())
                .contains("ringing");
    }

    @Test
    void shouldReadARealtimeSessionsAgentNestedOrFlat() throws Exception {
        assertThat(RealtimeSession.from(json("{\"name\":\"x\",\"id_agent\":{\"name\":\"jane\"},\"state\":\"Idle\"}")).user())
                .isEqualTo("jane");
        assertThat(RealtimeSession.from(json("{\"id_agent\":\"jane\",\"state\":\"Idle\",\"id_pause\":{\"name\":\"lunch\"}}"))
                .pause()).contains("lunch");
    }

    @Test
    void shouldReadALoginsExpiryAgainstThePbxClock() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
        // PBX-local times (Prague, UTC+1): the token lives one hour from the PBX's own now.
        LoginResult login = DaktelaLogin.parse(json("""
                {"accessToken":"a","refreshToken":"r","accessTokenExpirationDate":"2026-01-01 12:00:00",
                 "_time":"2026-01-01 11:00:00"}
                """), clock).orElseThrow();
        assertThat(login.expiresAt()).contains(clock.instant().plus(Duration.ofHours(1)));
        assertThat(login.refreshToken()).contains("r");
        LoginResult never = DaktelaLogin.parse(json("{\"accessToken\":\"a\",\"refreshToken\":\"r\","
                + "\"accessTokenExpirationDate\":null}"), clock).orElseThrow();
        assertThat(never.expiresAt()).isEmpty();
    }

    @Test
    void shouldReadAPageWithoutATotalOrWithKeyedData() throws Exception {
        Page<Queue> noTotal = Paging.page(json("{\"data\":[{\"name\":\"1000\",\"title\":\"In\",\"type\":\"in\"}]}"),
                Queue::from);
        assertThat(noTotal.totalKnown()).isFalse();
        Page<Queue> keyed = Paging.page(json("{\"data\":{\"1000\":{\"title\":\"In\",\"type\":\"in\"}},\"total\":\"1\"}"),
                Queue::from);
        assertThat(keyed.data()).extracting(Queue::name).containsExactly("1000");
        assertThat(keyed.total()).isEqualTo(1);
    }
}
