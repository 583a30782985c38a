package io.dialgate.gateway.support;

import io.dialgate.gateway.SimulatorResource;
import io.dialgate.testsupport.SimulatorControl;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant with its own simulated PBX instance: users {@code agent} and {@code boss} (rights over
 * agent), outbound queue 2000, inbound queue 1000, pauses lunch and wrap, and a PBX host for it.
 */
public final class PbxFixture {

    public final Api.TestTenant tenant;
    public final SimulatorControl pbx;
    public final String hostId;
    public final String agentToken;

    private PbxFixture(Api.TestTenant tenant, SimulatorControl pbx, String hostId, String agentToken) {
        this.tenant = tenant;
        this.pbx = pbx;
        this.hostId = hostId;
        this.agentToken = agentToken;
    }

    public static PbxFixture create() {
        String instance = "t" + UUID.randomUUID().toString().substring(0, 8);
        SimulatorControl pbx = SimulatorControl.instance(SimulatorResource.url(), instance);
        String agentToken = "tok-" + UUID.randomUUID();
        pbx.addUser("agent", "agent-pw", agentToken, List.of());
        pbx.addUser("boss", "boss-pw", "tok-boss-" + UUID.randomUUID(), List.of("agent"));
        pbx.addQueue("2000", "out");
        pbx.addQueue("1000", "in");
        pbx.addPause("lunch", null, false);
        pbx.addPause("wrap", "wrap", true);
        Api.TestTenant tenant = Api.newTenant();
        String hostId = tenant.request().body(Map.of("name", "sim", "baseUrl", pbx.pbxUrl())).post("/v1/pbx-hosts")
                .then().statusCode(201).extract().path("id");
        return new PbxFixture(tenant, pbx, hostId, agentToken);
    }

    /** Registers {@code agent} with its token and returns the user id. */
    public String registerAgent() {
        return tenant.request().body(Map.of("pbxHostId", hostId, "login", "agent", "accessToken", agentToken, "monitored", false))
                .post("/v1/users").then().statusCode(201).extract().path("id");
    }
}
