package io.dialgate.simulator.junit;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A pause to seed. */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
public @interface SimPause {

    String name();

    boolean paid() default false;

    /** Empty for a plain pause, or {@code wrap} or {@code dnd}. */
    String type() default "";

    String title() default "";
}
