package io.dialgate.simulator.conformance;

import java.util.LinkedHashMap;
import java.util.Map;

/** Which simulator setting a difference at a path points to, so one run settles the [assumed] behaviours. */
final class Hints {

    private static final Map<String, String> BY_PATH = new LinkedHashMap<>();

    static {
        BY_PATH.put("appPullData", "the pull-data keys and delta format are [assumed]: please send us this report");
        BY_PATH.put("._timezone", "simulator.records.timezone (or the instance's timezone)");
        BY_PATH.put("accessTokenExpirationDate", "simulator.login.token-lifetime");
        BY_PATH.put(".user", "simulator.records.relations (nested or flat)");
        BY_PATH.put(".queue", "simulator.records.relations (nested or flat)");
        BY_PATH.put(".id_agent", "simulator.records.relations (nested or flat)");
        BY_PATH.put(".id_queue", "simulator.records.relations (nested or flat)");
        BY_PATH.put(".id_pause", "simulator.records.relations (nested or flat)");
        BY_PATH.put("result.version", "simulator.api.version");
        BY_PATH.put("usersSession", "simulator.api.pause-field and simulator.api.session-update-status");
    }

    private Hints() {
    }

    /** The setting to look at for a difference in this request at this path, or null. */
    static String forPath(String request, String path) {
        for (Map.Entry<String, String> hint : BY_PATH.entrySet()) {
            if (request.startsWith(hint.getKey()) || path.contains(hint.getKey())) {
                return hint.getValue();
            }
        }
        return null;
    }
}
