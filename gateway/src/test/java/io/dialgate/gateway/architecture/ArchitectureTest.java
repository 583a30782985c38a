package io.dialgate.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.base.DescribedPredicate;
import io.dialgate.client.DaktelaClient;
import jakarta.transaction.Transactional;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The gateway's structure, as its README's architecture section states it: feature packages without
 * cycles, and no network call while a database transaction is open.
 */
class ArchitectureTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.dialgate.gateway");

    /** Packages whose calls leave the process: Vert.x HTTP clients and the JDK's. */
    private static final List<String> NETWORK_PACKAGES = List.of("io.vertx.ext.web.client", "io.vertx.core.http",
            "io.vertx.mutiny.ext.web.client", "io.vertx.mutiny.core.http", "java.net.http");

    /** The api-client's value types (answers, options, errors) hold data; every other api-client class talks to a PBX. */
    private static boolean reachesTheNetwork(JavaClass owner) {
        if (NETWORK_PACKAGES.stream().anyMatch(p -> owner.getPackageName().startsWith(p))) {
            return true;
        }
        if (!owner.getPackageName().equals("io.dialgate.client")) {
            return false;
        }
        boolean value = owner.isEnum() || owner.isAssignableTo(Record.class) || owner.isAssignableTo(Throwable.class)
                || owner.getName().contains("$Builder") || owner.getSimpleName().equals("PullSection");
        return !value;
    }

    /** How deep a call chain from a transactional method is followed inside the gateway. */
    private static final int MAX_DEPTH = 12;

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.dialgate.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void noNetworkCallInsideATransaction() {
        methods()
            .that(new DescribedPredicate<JavaMethod>("run in a transaction (@Transactional on the method or its class)") {
                @Override
                public boolean test(JavaMethod method) {
                    return method.isAnnotatedWith(Transactional.class) || method.getOwner().isAnnotatedWith(Transactional.class);
                }
            })
                .should(neverReachTheNetwork()).check(GATEWAY);
    }

    @Test
    void theNetworkCheckFindsACallMadeThroughTheGatewaysOwnMethods() {
        // The check itself can fail: a chain from a transactional test fixture to the PBX client is found.
        JavaClasses fixture = new ClassFileImporter().importClasses(TransactionalPbxCall.class, TransactionalPbxCall.Helper.class);
        assertThat(findNetworkCall(fixture.get(TransactionalPbxCall.class).getMethod("register", DaktelaClient.class))).isPresent();
        assertThat(findNetworkCall(fixture.get(TransactionalPbxCall.class).getMethod("count"))).isEmpty();
    }

    /**
     * Follows the calls of a transactional method through the gateway's own classes (and the implementations
     * of its interfaces) and reports the first chain that ends in a network client. A transaction held across
     * a PBX request keeps a pooled database connection waiting on another server, so a slow PBX would exhaust
     * the pool for every tenant.
     */
    private static ArchCondition<JavaMethod> neverReachTheNetwork() {
        return new ArchCondition<>("never call the network, directly or through the gateway's own methods") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                findNetworkCall(method).ifPresent(chain -> events.add(SimpleConditionEvent.violated(method,
                        method.getFullName() + " runs in a transaction and reaches the network: " + String.join(" -> ", chain))));
            }
        };
    }

    private record Step(JavaCodeUnit unit, List<String> chain) {
    }

    static Optional<List<String>> findNetworkCall(JavaCodeUnit start) {
        Set<JavaCodeUnit> seen = new HashSet<>();
        ArrayDeque<Step> todo = new ArrayDeque<>();
        todo.add(new Step(start, List.of(start.getFullName())));
        while (!todo.isEmpty()) {
            Step step = todo.poll();
            if (!seen.add(step.unit()) || step.chain().size() > MAX_DEPTH) {
                continue;
            }
            for (JavaMethodCall call : step.unit().getMethodCallsFromSelf()) {
                JavaClass owner = call.getTargetOwner();
                List<String> chain = new ArrayList<>(step.chain());
                chain.add(call.getTarget().getFullName());
                if (reachesTheNetwork(owner)) {
                    return Optional.of(chain);
                }
                if (!owner.getPackageName().startsWith("io.dialgate.gateway")) {
                    continue;
                }
                call.getTarget().resolveMember().ifPresent(target -> {
                    todo.add(new Step(target, chain));
                    for (JavaClass implementation : owner.getAllSubclasses()) {
                        implementation.tryGetMethod(target.getName(), target.getRawParameterTypes().stream()
                                        .map(JavaClass::getName).toArray(String[]::new))
                                .ifPresent(m -> todo.add(new Step(m, chain)));
                    }
                });
            }
        }
        return Optional.empty();
    }
}
