package io.dialgate.simulator.junit;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A user to seed; with no {@link #token()} the simulator generates one (read it from the control client). */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
public @interface SimUser {

    String login();

    String password();

    String token() default "";

    /** Logins this user may act for (a supervisor). */
    String[] rights() default {};

    /** Queues this user may use; empty: all. */
    String[] queues() default {};
}
