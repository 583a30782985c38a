package io.dialgate.simulator.seed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dialgate.simulator.common.SimulatorConfig;
import io.dialgate.simulator.control.ControlService;
import io.dialgate.simulator.control.InstanceRequest;
import io.dialgate.simulator.pbx.PbxRegistry;
import io.dialgate.simulator.ticket.TicketControlResource;
import io.dialgate.simulator.ticket.TicketService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Loads {@code simulator.seed} at start-up: a JSON or YAML file, a classpath resource, or
 * {@code none}. A broken seed stops start-up: a simulator silently missing its users would make
 * every test that relies on them fail in confusing ways.
 */
@ApplicationScoped
public class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);
    private static final String CLASSPATH = "classpath:";

    private final SimulatorConfig config;
    private final ControlService control;
    private final TicketService tickets;
    private final PbxRegistry registry;

    public SeedLoader(SimulatorConfig config, ControlService control, TicketService tickets, PbxRegistry registry) {
        this.config = config;
        this.control = control;
        this.tickets = tickets;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        String seed = config.seed().trim();
        if (seed.isEmpty() || seed.equalsIgnoreCase("none")) {
            LOG.info("No seed configured; starting with no PBX instances");
            return;
        }
        SeedFile file = read(seed);
        apply(file);
        LOG.infof("Loaded seed %s: %d instance(s)", seed, file.instances() == null ? 0 : file.instances().size());
    }

    /** Parses a seed; YAML is a superset of JSON, but JSON files get the stricter JSON parser. */
    static SeedFile read(String location) {
        boolean json = location.toLowerCase().endsWith(".json");
        ObjectMapper mapper = (json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = open(location)) {
            return mapper.readValue(in, SeedFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read seed " + location + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no classpath resource " + resource);
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    void apply(SeedFile file) {
        for (SeedFile.Instance instance : file.instances() == null ? List.<SeedFile.Instance>of() : file.instances()) {
            control.createInstance(new InstanceRequest(instance.name(), instance.cors(), null, null, null,
                    instance.port()));
            nonNull(instance.queues()).forEach(q -> control.putQueue(instance.name(), q));
            nonNull(instance.pauses()).forEach(p -> control.putPause(instance.name(), p));
            nonNull(instance.users()).forEach(u -> control.putUser(instance.name(), u));
            if (instance.records() != null) {
                instance.records().forEach((model, records) ->
                        nonNull(records).forEach(r -> control.putRecord(instance.name(), model, r)));
            }
            nonNull(instance.statuses()).forEach(st -> TicketControlResource.putStatus(tickets, registry, instance.name(), st));
            nonNull(instance.ticketCategories())
                    .forEach(c -> TicketControlResource.putCategory(tickets, registry, instance.name(), c));
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
