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
        return createOrUpdate(name, cors, null, null, null);
    }

    /**
     * Creates an instance or, when it exists, updates its CORS flag and the profile fields given (null
     * keeps the current value, or the setting's default). Returns true when new.
     */
    public boolean createOrUpdate(String name, Boolean cors, String relations, String timezone, Long tokenLifetimeSeconds) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    "Field 'name' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Profile defaults = new Profile(config.records().relations(), config.records().timezone(),
                config.login().tokenLifetime());
        PbxInstance existing = instances.get(name);
        Profile profile = profile(existing == null ? defaults : existing.profile(), relations, timezone,
                tokenLifetimeSeconds);
        boolean[] created = {false};
        PbxInstance instance = instances.computeIfAbsent(name, n -> {
            created[0] = true;
            return new PbxInstance(n, Boolean.TRUE.equals(cors), profile, config.pull().recentActivities(),
                    config.journal().maxEntries());
        });
        if (!created[0] && cors != null) {
            instance.setCors(cors);
        }
        if (!created[0]) {
            instance.setProfile(profile);
        }
        if (created[0]) {
            LOG.infof("Created PBX instance '%s' (cors %s)", name, instance.cors());
        }
        return created[0];
    }

    private static Profile profile(Profile base, String relations, String timezone, Long tokenLifetimeSeconds) {
        Relations.Style style = base.relations();
        if (relations != null) {
            try {
                style = Relations.Style.valueOf(relations.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Field 'relations' must be nested or flat");
            }
        }
        java.time.ZoneId zone = base.zone();
        if (timezone != null) {
            try {
                zone = java.time.ZoneId.of(timezone);
            } catch (java.time.DateTimeException e) {
                throw new InvalidInputException("Field 'timezone' must be a time zone such as Europe/Prague");
            }
        }
        java.time.Duration lifetime = base.tokenLifetime();
        if (tokenLifetimeSeconds != null) {
            if (tokenLifetimeSeconds < 0 || tokenLifetimeSeconds > 366L * 24 * 3600) {
                throw new InvalidInputException("Field 'tokenLifetimeSeconds' must be between 0 and 31622400");
            }
            lifetime = java.time.Duration.ofSeconds(tokenLifetimeSeconds);
        }
        return new Profile(style, zone, lifetime);
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
