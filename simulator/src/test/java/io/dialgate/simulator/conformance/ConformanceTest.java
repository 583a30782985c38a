package io.dialgate.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialgate.simulator.Sim;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The conformance command against two simulator instances, one standing in for a real PBX: answers of the
 * same shape pass, a setting that changes shapes shows up with the setting to change, and no token is printed.
 */
@QuarkusTest
class ConformanceTest {

    @TestHTTPResource("/")
    URL root;

    private String base(String instance) {
        return root.toString().replaceAll("/$", "") + "/pbx/" + instance;
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Conformance.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldFindNoDifferenceBetweenTwoInstancesWithTheSameSettings() {
        String pbx = Sim.freshInstance(false);
        String sim = Sim.freshInstance(false);
        Run run = run("--pbx", base(pbx), "--token", "tok-a-" + pbx, "--sim", base(sim), "--sim-token", "tok-a-" + sim);
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("same  GET whoim").contains("same  GET appPullData (returned hash)")
                .contains("Same shapes.").doesNotContain("tok-a-");
    }

    @Test
    void shouldNameTheSettingBehindADifference() {
        String pbx = Sim.freshInstance(false);
        String sim = Sim.freshInstance(false);
        Sim.post("/_sim/instances", Map.of("name", sim, "relations", "flat"), 200);
        Run run = run("--pbx", base(pbx), "--token", "tok-a-" + pbx, "--sim", base(sim), "--sim-token", "tok-a-" + sim);
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("DIFF  GET realtimeSessions")
                .contains("other type:           .result.data[].id_agent: pbx object, simulator string")
                .contains("-> setting: simulator.records.relations").doesNotContain("tok-a-");
    }

    @Test
    void shouldWriteOnlyWhenAllowedForATestUser() {
        String pbx = Sim.freshInstance(false);
        String sim = Sim.freshInstance(false);
        Run refused = run("--pbx", base(pbx), "--token", "tok-a-" + pbx, "--allow-writes");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("--user");
        Run readOnly = run("--pbx", base(pbx), "--token", "tok-a-" + pbx, "--sim", base(sim), "--sim-token", "tok-a-" + sim);
        assertThat(readOnly.out()).doesNotContain("statuses (create)");
        Run writes = run("--pbx", base(pbx), "--token", "tok-a-" + pbx, "--sim", base(sim), "--sim-token", "tok-a-" + sim,
                "--allow-writes", "--user", "a");
        assertThat(writes.out()).contains("same  POST statuses (create)").contains("same  POST activities (invalid: no number)");
        assertThat(writes.status()).as(writes.out()).isZero();
    }

    @Test
    void shouldRefuseMissingArguments() {
        Run run = run("--pbx", "http://127.0.0.1:1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--token");
    }
}
