package io.dialgate.simulator.junit;

import io.dialgate.simulator.client.NewUser;
import io.dialgate.simulator.client.Pause;
import io.dialgate.simulator.client.Queue;
import io.dialgate.simulator.client.Seed;
import io.dialgate.simulator.client.SimulatorControl;
import io.dialgate.simulator.client.SimulatorProcess;
import io.dialgate.simulator.client.SimulatorSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit extension behind {@link DaktelaSimulator}; register it directly to configure it in code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static DaktelaSimulatorExtension sim = DaktelaSimulatorExtension.builder()
 *         .instance("acme").queue(Queue.inbound("1000")).user(NewUser.of("jane", "pw", "jane-token"))
 *         .resetEachTest(true).build();
 * }</pre>
 *
 * Before the class (or, for a non-static field, before the first test) it gets a running simulator,
 * resets the instance and every seeded one, and seeds them; with {@code resetEachTest} it does that again
 * before each test. It resolves {@link SimulatorControl}, and {@code String}/{@code URI} parameters
 * annotated {@link SimulatorUrl} or {@link PbxUrl}.
 */
public final class DaktelaSimulatorExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DaktelaSimulatorExtension.class);

    private final Config programmatic;
    private volatile Started last;

    /** Used by {@link DaktelaSimulator}: configured from the annotation. */
    public DaktelaSimulatorExtension() {
        this(null);
    }

    private DaktelaSimulatorExtension(Config programmatic) {
        this.programmatic = programmatic;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The control client, for a registered extension's field; available once the class (or first test) has started. */
    public SimulatorControl control() {
        return started().control;
    }

    /** The simulator's root URL. */
    public String baseUrl() {
        return started().process.baseUrl();
    }

    /** The running simulator process (its port, log and start time). */
    public SimulatorProcess process() {
        return started().process;
    }

    private Started started() {
        Started s = last;
        if (s == null) {
            throw new IllegalStateException("the simulator is started before the test class (static field) or before "
                    + "each test (instance field): ask for it inside a test or @BeforeEach");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Started started = find(context);
        if (started == null) {
            start(context);
        } else if (started.config.resetEachTest()) {
            started.resetAndSeed();
        }
    }

    private Started start(ExtensionContext context) {
        Config config = programmatic != null ? programmatic : fromAnnotation(context);
        Started started = new Started(config, SharedSimulators.get(config.settings()));
        started.resetAndSeed();
        classContext(context).getStore(NAMESPACE).put(Started.class, started);
        last = started;
        return started;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        return context.getTestMethod().isPresent() ? context.getParent().orElse(context) : context;
    }

    private static Started find(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Started.class, Started.class);
    }

    private static Config fromAnnotation(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        DaktelaSimulator annotation = findAnnotation(testClass);
        if (annotation == null) {
            throw new ExtensionConfigurationException("DaktelaSimulatorExtension registered on " + testClass.getName()
                    + " without @DaktelaSimulator: annotate the class or register it with DaktelaSimulatorExtension.builder()");
        }
        Builder builder = builder().instance(annotation.instance()).resetEachTest(annotation.resetEachTest())
                .setting("simulator.pull-hold", annotation.pullHold())
                .setting("simulator.calls.ring-time", annotation.ringTime())
                .setting("simulator.calls.talk-time", annotation.talkTime());
        if (!annotation.seed().isBlank()) {
            builder.seed(annotation.seed());
        }
        for (SimQueue q : annotation.queues()) {
            builder.queue(new Queue(q.name(), q.title().isEmpty() ? "Queue " + q.name() : q.title(), q.type()));
        }
        for (SimPause p : annotation.pauses()) {
            builder.pause(new Pause(p.name(), p.title().isEmpty() ? "Pause " + p.name() : p.title(),
                    p.type().isEmpty() ? null : p.type(), p.paid(), null));
        }
        for (SimUser u : annotation.users()) {
            builder.user(new NewUser(u.login(), u.password(), u.token().isEmpty() ? null : u.token(), u.login(), null,
                    List.of(u.rights()), u.queues().length == 0 ? null : List.of(u.queues())));
        }
        for (String property : annotation.properties()) {
            int eq = property.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@DaktelaSimulator property \"" + property + "\" is not key=value");
            }
            builder.setting(property.substring(0, eq).trim(), property.substring(eq + 1).trim());
        }
        return builder.config();
    }

    private static DaktelaSimulator findAnnotation(Class<?> type) {
        // Nested test classes inherit the enclosing class's simulator.
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            DaktelaSimulator annotation = c.getAnnotation(DaktelaSimulator.class);
            if (annotation != null) {
                return annotation;
            }
        }
        return null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == SimulatorControl.class) {
            return true;
        }
        boolean url = parameter.isAnnotated(SimulatorUrl.class) || parameter.isAnnotated(PbxUrl.class);
        if (url && type != String.class && type != URI.class) {
            throw new ParameterResolutionException("@SimulatorUrl and @PbxUrl go on a String or URI parameter, not "
                    + type.getSimpleName());
        }
        return url;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Started started = find(context);
        if (started == null) {
            // A non-static registered field: constructor parameters are resolved before beforeEach runs.
            started = start(context);
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == SimulatorControl.class) {
            return started.control;
        }
        String url = parameter.isAnnotated(PbxUrl.class) ? started.control.pbxUrl() : started.process.baseUrl();
        return type == URI.class ? URI.create(url) : url;
    }

    /** What a test class asked for. */
    record Config(String instance, Seed seed, boolean resetEachTest, SimulatorSettings settings) {
    }

    /** A started simulator and the seeding of one test class. */
    private static final class Started {
        final Config config;
        final SimulatorProcess process;
        final SimulatorControl control;

        Started(Config config, SimulatorProcess process) {
            this.config = config;
            this.process = process;
            this.control = process.control(config.instance());
        }

        void resetAndSeed() {
            Set<String> instances = new LinkedHashSet<>(config.seed().instanceNames());
            instances.add(config.instance());
            for (String name : instances) {
                control.forInstance(name).create().reset();
            }
            config.seed().applyTo(control);
        }
    }

    /** Configures a {@link DaktelaSimulatorExtension} in code. */
    public static final class Builder {
        private String instance = "default";
        private Seed fileSeed = Seed.none();
        private final List<Queue> queues = new ArrayList<>();
        private final List<Pause> pauses = new ArrayList<>();
        private final List<NewUser> users = new ArrayList<>();
        private boolean resetEachTest;
        private SimulatorSettings settings = SimulatorSettings.forTests();

        private Builder() {
        }

        public Builder instance(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("instance must name a PBX instance, e.g. \"default\"");
            }
            this.instance = name;
            return this;
        }

        /** A seed file, {@code classpath:...} or a path; may name other instances too. */
        public Builder seed(String location) {
            this.fileSeed = fileSeed.and(Seed.load(location));
            return this;
        }

        public Builder seed(Seed seed) {
            this.fileSeed = fileSeed.and(seed);
            return this;
        }

        public Builder queue(Queue queue) {
            queues.add(queue);
            return this;
        }

        public Builder pause(Pause pause) {
            pauses.add(pause);
            return this;
        }

        public Builder user(NewUser user) {
            users.add(user);
            return this;
        }

        public Builder resetEachTest(boolean reset) {
            this.resetEachTest = reset;
            return this;
        }

        /** A simulator setting, e.g. {@code setting("simulator.pull-hold", "500ms")}. */
        public Builder setting(String property, String value) {
            this.settings = settings.with(property, value);
            return this;
        }

        /** All settings at once (JVM options, start timeout). */
        public Builder settings(SimulatorSettings all) {
            this.settings = all;
            return this;
        }

        Config config() {
            Seed seed = fileSeed;
            if (!queues.isEmpty() || !pauses.isEmpty() || !users.isEmpty()) {
                seed = seed.and(new Seed(List.of(new Seed.Instance(instance, null, queues, pauses, users))));
            }
            return new Config(instance, seed, resetEachTest, settings);
        }

        public DaktelaSimulatorExtension build() {
            return new DaktelaSimulatorExtension(config());
        }
    }
}
