package io.dialgate.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormTreeParserTest {

    @Test
    void shouldTurnJqueryBracketsIntoArraysOfObjects() {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("queues[0][login]", List.of("true"));
        form.put("queues[0][name]", List.of("2000"));
        form.put("queues[1][name]", List.of("1000"));
        form.put("accessToken", List.of("t"));
        ObjectNode tree = FormTreeParser.parse(form);
        assertThat(tree.get("queues").isArray()).isTrue();
        assertThat(tree.at("/queues/0/login").asText()).isEqualTo("true");
        assertThat(tree.at("/queues/1/name").asText()).isEqualTo("1000");
        assertThat(tree.get("accessToken").asText()).isEqualTo("t");
    }

    @Test
    void shouldAppendEmptyBracketsAndKeepNamedKeysAsObjects() {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("ids[]", List.of("a", "b"));
        form.put("filter[type]", List.of("CALL"));
        ObjectNode tree = FormTreeParser.parse(form);
        assertThat(tree.get("ids").isArray()).isTrue();
        assertThat(tree.get("ids")).hasSize(2);
        assertThat(tree.at("/filter/type").asText()).isEqualTo("CALL");
    }

    @Test
    void shouldTakeUnbalancedKeysLiterally() {
        assertThat(FormTreeParser.segments("a[b")).containsExactly("a[b");
        assertThat(FormTreeParser.segments("a[b]c")).containsExactly("a[b]c");
        assertThat(FormTreeParser.segments("a[b][]")).containsExactly("a", "b", "");
    }
}
