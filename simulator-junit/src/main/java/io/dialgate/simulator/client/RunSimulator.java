package io.dialgate.simulator.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar dialgate-simulator-junit.jar [-Dsetting=value ...]}: runs the simulator this jar
 * carries in the foreground, with the simulator's own defaults (port 8081 on loopback, the demo seed),
 * until stopped. Arguments are passed to the simulator's JVM, and so are {@code quarkus.*} and
 * {@code simulator.*} system properties given to this JVM (before {@code -jar}); the exit code is the
 * simulator's. Uses the JDK only, so the jar runs without its dependencies.
 */
public final class RunSimulator {

    private RunSimulator() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = SimulatorApp.locate();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("quarkus.") || name.startsWith("simulator."))
                .sorted()
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(List.of(args));
        command.add("-jar");
        command.add(jar.toString());
        Process process = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        System.exit(process.waitFor());
    }
}
