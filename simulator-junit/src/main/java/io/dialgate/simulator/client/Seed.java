package io.dialgate.simulator.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to put into a simulator: instances, each with queues, pauses and users, in the format of the
 * simulator's own seed file ({@code SIMULATOR_SEED}), YAML or JSON:
 *
 * <pre>
 * instances:
 *   - name: default
 *     queues: [{name: "1000", title: Support, type: in}]
 *     pauses: [{name: lunch, title: Lunch, paid: false}]
 *     users:  [{login: jane, password: pw, accessToken: jane-token, title: Jane, rights: []}]
 * </pre>
 *
 * Applied through the control API, so one running simulator can be seeded, reset and seeded again.
 */
public record Seed(List<Instance> instances) {

    // Strict on purpose: a misspelt field in a seed file must fail the test run, not seed less.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public Seed {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }

    /**
     * One instance; queues and pauses are added before users, so users may name queues. {@code port}, when
     * given, is a listening port of the instance's own (0: any free port), as in the simulator's seed file.
     */
    public record Instance(String name, Boolean cors, List<Queue> queues, List<Pause> pauses, List<NewUser> users,
            Integer port) {

        public Instance {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("every seeded instance needs a name");
            }
            queues = queues == null ? List.of() : List.copyOf(queues);
            pauses = pauses == null ? List.of() : List.copyOf(pauses);
            users = users == null ? List.of() : List.copyOf(users);
        }

        /** An instance without a port of its own. */
        public Instance(String name, Boolean cors, List<Queue> queues, List<Pause> pauses, List<NewUser> users) {
            this(name, cors, queues, pauses, users, null);
        }
    }

    /** An empty seed. */
    public static Seed none() {
        return new Seed(List.of());
    }

    /**
     * Reads a seed from {@code classpath:<resource>} (the thread's context class loader, so a test's own
     * resources) or from a file path.
     */
    public static Seed load(String location) {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            try (InputStream in = (loader != null ? loader : Seed.class.getClassLoader()).getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("seed " + location + " is not on the class path");
                }
                return read(in, location);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read seed " + location, e);
            }
        }
        Path file = Path.of(location);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, location);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read seed file " + file.toAbsolutePath(), e);
        }
    }

    private static Seed read(InputStream in, String location) throws IOException {
        try {
            return YAML.readValue(in, Seed.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("seed " + location + " is not a valid seed file: " + e.getOriginalMessage(), e);
        }
    }

    /** This seed with {@code other}'s instances after its own. */
    public Seed and(Seed other) {
        List<Instance> all = new ArrayList<>(instances);
        all.addAll(other.instances);
        return new Seed(all);
    }

    /** Names of the seeded instances. */
    public List<String> instanceNames() {
        return instances.stream().map(Instance::name).distinct().toList();
    }

    /** Creates each instance and adds its queues, pauses and users, through {@code simulator}'s control API. */
    public void applyTo(SimulatorControl simulator) {
        for (Instance instance : instances) {
            SimulatorControl control = simulator.forInstance(instance.name());
            if (instance.port() == null) {
                control.create(Boolean.TRUE.equals(instance.cors()));
            } else {
                control.createWithPort(Boolean.TRUE.equals(instance.cors()), instance.port());
            }
            instance.queues().forEach(control::addQueue);
            instance.pauses().forEach(control::addPause);
            instance.users().forEach(control::addUser);
        }
    }
}
