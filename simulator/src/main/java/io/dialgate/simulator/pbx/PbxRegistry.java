package io.dialgate.simulator.pbx;

import io.dialgate.simulator.common.InvalidInputException;
import io.dialgate.simulator.common.SimulatorConfig;
import io.dialgate.simulator.common.UnknownInstanceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Every simulated PBX of this process, by name. */
@ApplicationScoped
public class PbxRegistry {

    /** The instance that also answers at {@code /api/v6}. */
    public static final String DEFAULT = "default";

    private static final Logger LOG = Logger.getLogger(PbxRegistry.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private final Map<String, PbxInstance> instances = new ConcurrentHashMap<>();
    private final SimulatorConfig config;

    public PbxRegistry(SimulatorConfig config) {
        this.config = config;
    }

    /** Creates an instance or, when it exists, updates its CORS flag. Returns true when new. */
    public boolean createOrUpdate(String name, Boolean cors) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    "Field 'name' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        boolean[] created = {false};
        PbxInstance instance = instances.computeIfAbsent(name, n -> {
            created[0] = true;
            return new PbxInstance(n, Boolean.TRUE.equals(cors), config.pull().recentActivities(),
                    config.journal().maxEntries());
        });
        if (!created[0] && cors != null) {
            instance.setCors(cors);
        }
        if (created[0]) {
            LOG.infof("Created PBX instance '%s' (cors %s)", name, instance.cors());
        }
        return created[0];
    }

    public PbxInstance get(String name) {
        PbxInstance instance = instances.get(name);
        if (instance == null) {
            throw new UnknownInstanceException("Unknown PBX instance '" + name + "'");
        }
        return instance;
    }

    public List<PbxInstance> all() {
        return List.copyOf(instances.values());
    }
}
