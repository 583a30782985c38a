package io.dialgate.simulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a Daktela simulator: started on a free loopback port before the class
 * (shared with other classes that use the same settings, stopped when the JVM exits), its instance
 * seeded from {@link #seed()} and the users, queues and pauses named here, and a
 * {@link io.dialgate.simulator.client.SimulatorControl} for {@link #instance()} injected into test and
 * lifecycle methods, with the base URL through {@link SimulatorUrl} and the PBX URL through {@link PbxUrl}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DaktelaSimulatorExtension.class)
public @interface DaktelaSimulator {

    /** The PBX instance the injected control client drives; {@code default} also answers at {@code /api/v6}. */
    String instance() default "default";

    /** A seed file ({@code classpath:...} or a path), in the simulator's seed format; empty for none. */
    String seed() default "";

    SimQueue[] queues() default {};

    SimPause[] pauses() default {};

    SimUser[] users() default {};

    /** Reset the seeded instances and seed them again before every test, not only before the class. */
    boolean resetEachTest() default false;

    /** How long a long poll with the current hash is held ({@code simulator.pull-hold}). */
    String pullHold() default "2s";

    /** Ring time of outbound calls ({@code simulator.calls.ring-time}). */
    String ringTime() default "200ms";

    /** Talk time of answered calls; {@code 0s} keeps them until hung up ({@code simulator.calls.talk-time}). */
    String talkTime() default "0s";

    /** Further simulator settings as {@code key=value}, e.g. {@code "simulator.lists.default-take=20"}. */
    String[] properties() default {};
}
