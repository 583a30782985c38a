package io.dialgate.simulator.junit;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A queue to seed. */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
public @interface SimQueue {

    String name();

    /** {@code in} for inbound calls, {@code out} for outbound calls. */
    String type() default "in";

    String title() default "";
}
