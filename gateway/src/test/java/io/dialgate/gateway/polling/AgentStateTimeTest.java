package io.dialgate.gateway.polling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialgate.client.PauseState;
import io.dialgate.client.PullData;
import io.dialgate.client.PullSection;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PBX sends a pause's start as local time without a zone; the stored state and the events carry it with the PBX's offset. */
class AgentStateTimeTest {

    @Test
    void pauseStartGetsThePbxOffsetWinterAndSummer() {
        ZoneId prague = ZoneId.of("Europe/Prague");
        assertThat(since(LocalDateTime.of(2025, 1, 31, 11, 30), prague)).isEqualTo("2025-01-31T11:30+01:00");
        assertThat(since(LocalDateTime.of(2025, 7, 1, 9, 0, 5), prague)).isEqualTo("2025-07-01T09:00:05+02:00");
        assertThat(OffsetDateTime.parse(since(LocalDateTime.of(2025, 1, 31, 11, 30), ZoneId.of("UTC"))).getOffset().getTotalSeconds())
                .isZero();
    }

    @Test
    void pauseStartChangeAloneRaisesNoEvent() {
        // A state stored before offsets were added differs only in the text of since: no pause event.
        ObjectNode before = AgentState.empty();
        before.putObject("pause").put("name", "lunch").put("title", "Lunch").put("since", "2025-01-31T11:30");
        ObjectNode after = merge(LocalDateTime.of(2025, 1, 31, 11, 30), ZoneId.of("Europe/Prague"));
        assertThat(StateDiff.between(before, after)).noneMatch(c -> c.type().wireName().startsWith("pause."));
    }

    private static String since(LocalDateTime local, ZoneId zone) {
        return merge(local, zone).path("pause").path("since").asText();
    }

    private static ObjectNode merge(LocalDateTime local, ZoneId zone) {
        PullData data = new PullData("h", true, Optional.empty(),
                PullSection.of(new PauseState("lunch", "Lunch", Optional.of(local))), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of());
        return AgentState.merge(AgentState.empty(), data, zone);
    }
}
