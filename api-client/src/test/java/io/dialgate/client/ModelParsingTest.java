package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelParsingTest {

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void shouldParseFullSnapshot() throws Exception {
        PullData d = PullData.from(json("""
                {"hash":"h1","snapshot":true,
                 "queues":[{"name":"2000","title":"Out","logged_in":true,"penalty":2}],
                 "pause":{"name":"lunch","title":"Lunch","since":"2025-01-01 12:00:00"},
                 "activities":[{"name":"act_1","type":"CALL","action":"OPEN","queue":"2000","user":"alice",
                   "time":"2025-01-01 12:00:01","item":{"id_call":"c1","direction":"out","answered":false,
                   "clid":"123","did":"456","ringing_time":3,"duration":0,"disposition_cause":null,"state":"ringing"}}],
                 "device":{"state":"Idle"},"notifications":[]}
                """));
        assertThat(d.hash()).isEqualTo("h1");
        assertThat(d.snapshot()).isTrue();
        assertThat(d.hasChanges()).isTrue();
        assertThat(d.queues().orElseThrow()).containsExactly(new QueueMembership("2000", "Out", true, 2));
        assertThat(d.pause().get().since()).contains(LocalDateTime.of(2025, 1, 1, 12, 0));
        Activity a = d.activities().orElseThrow().get(0);
        assertThat(a.isCall()).isTrue();
        assertThat(a.user()).contains("alice");
        assertThat(a.call().orElseThrow().state()).contains("ringing");
        assertThat(a.call().orElseThrow().dispositionCause()).isEmpty();
        assertThat(d.deviceState()).contains("Idle");
        assertThat(d.notifications().orElseThrow()).isEmpty();
    }

    @Test
    void shouldTypeNotificationsAndKeepTheRestAsPlainJava() throws Exception {
        PullData d = PullData.from(json("{\"hash\":\"h9\",\"snapshot\":false,\"notifications\":[{\"name\":\"n1\","
                + "\"type\":\"chat\",\"title\":\"New chat\",\"message\":\"Hello\",\"extra\":{\"a\":[1,null]}}],"
                + "\"custom\":{\"x\":true}}"));
        Notification n = d.notifications().orElseThrow().get(0);
        assertThat(n.name()).contains("n1");
        assertThat(n.type()).contains("chat");
        assertThat(n.title()).contains("New chat");
        assertThat(n.text()).contains("Hello");
        assertThat(n.fields()).containsEntry("type", "chat").containsKey("extra");
        assertThat(n.fields().get("extra")).isInstanceOf(java.util.Map.class);
        assertThat(d.raw().get("custom")).isEqualTo(java.util.Map.of("x", true));
        assertThat(d.hasChanges()).isTrue();
    }

    @Test
    void shouldTellAbsentPauseFromEndedPause() throws Exception {
        PullData ended = PullData.from(json("{\"hash\":\"h2\",\"snapshot\":false,\"pause\":null}"));
        assertThat(ended.pause().isPresent()).isTrue();
        assertThat(ended.pause().isCleared()).isTrue();
        assertThat(ended.hasChanges()).isTrue();

        PullData queuesOnly = PullData.from(json("{\"hash\":\"h3\",\"snapshot\":false,\"queues\":[]}"));
        assertThat(queuesOnly.pause().isPresent()).isFalse();
        assertThat(queuesOnly.queues()).contains(List.of());

        PullData timeout = PullData.from(json("{\"hash\":\"h3\",\"snapshot\":false}"));
        assertThat(timeout.hasChanges()).isFalse();
        assertThat(timeout.pause()).isEqualTo(PullSection.absent());
    }

    @Test
    void shouldParseRecordsLeniently() throws Exception {
        Pause p = Pause.from(json("{\"name\":\"p\",\"title\":\"P\",\"type\":null,\"paid\":\"0\",\"max_duration\":\"600\"}"));
        assertThat(p.type()).isEmpty();
        assertThat(p.paid()).isFalse();
        assertThat(p.maxDuration()).contains(Duration.ofMinutes(10));

        RealtimeSession s = RealtimeSession.from(json(
                "{\"id_agent\":{\"name\":\"bob\",\"title\":\"Bob\"},\"state\":\"Paused\",\"id_pause\":{\"name\":\"lunch\"},"
                        + "\"onpause\":\"2025-01-01 10:00:00\",\"exten_status\":\"Idle\"}"));
        assertThat(s.user()).isEqualTo("bob");
        assertThat(s.pause()).contains("lunch");

        Activity sms = Activity.from(json("{\"name\":\"a\",\"type\":\"SMS\",\"action\":\"CLOSE\",\"queue\":\"3000\","
                + "\"item\":{\"number\":\"+420\",\"text\":\"hi\"}}"));
        assertThat(sms.sms().orElseThrow().text()).isEqualTo("hi");
        assertThat(sms.call()).isEmpty();
        assertThat(sms.isClosed()).isTrue();

        WhoAmI anonymous = WhoAmI.from(json("{\"version\":\"6.30\",\"user\":null}"));
        assertThat(anonymous.user()).isEmpty();
    }

    @Test
    void shouldParseBothLoginShapes() throws Exception {
        assertThat(DaktelaLogin.parse(json("\"abc\"")).orElseThrow().accessToken().value()).isEqualTo("abc");
        LoginResult pair = DaktelaLogin.parse(json("{\"accessToken\":\"a\",\"refreshToken\":\"r\"}")).orElseThrow();
        assertThat(pair.refreshToken()).contains("r");
        assertThat(DaktelaLogin.parse(json("{\"user\":{}}"))).isEmpty();
    }

    @Test
    void shouldEncodeQueryAndCapTake() {
        ListQuery q = ListQuery.builder().skip(5).take(5000).filter("type", "wrap").sort("name", ListQuery.Direction.DESC)
                .build();
        assertThat(q.take()).isEqualTo(1000);
        assertThat(q.toQueryParams()).containsEntry("skip", "5").containsEntry("take", "1000")
                .containsEntry("filter[logic]", "and")
                .containsEntry("filter[filters][0][field]", "type")
                .containsEntry("filter[filters][0][operator]", "eq")
                .containsEntry("filter[filters][0][value]", "wrap")
                .containsEntry("sort[0][field]", "name").containsEntry("sort[0][dir]", "desc");
        assertThat(ListQuery.firstPage().toQueryParams()).containsOnlyKeys("skip", "take");
    }

    @Test
    void shouldIterateAllPagesByTotalOrShortPage() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            all.add(i);
        }
        List<Integer> skips = new ArrayList<>();
        ListQuery q = ListQuery.builder().take(10).build();
        // The server serves at most 7 per page although 10 were asked: the known total keeps paging going.
        Iterable<Integer> it = Paging.all(q, query -> {
            skips.add(query.skip());
            int from = Math.min(query.skip(), all.size());
            return new Page<>(all.subList(from, Math.min(from + 7, all.size())), all.size());
        });
        List<Integer> seen = new ArrayList<>();
        it.forEach(seen::add);
        assertThat(seen).isEqualTo(all);
        assertThat(skips).containsExactly(0, 7, 14, 21);

        List<Integer> unknownTotal = Paging.stream(q, query -> {
            int from = Math.min(query.skip(), all.size());
            return new Page<>(all.subList(from, Math.min(from + query.take(), all.size())), -1);
        }).toList();
        assertThat(unknownTotal).isEqualTo(all);
    }
}
