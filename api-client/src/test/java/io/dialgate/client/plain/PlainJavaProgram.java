package io.dialgate.client.plain;

import io.dialgate.client.AccessToken;
import io.dialgate.client.DaktelaClient;
import io.dialgate.client.DaktelaClients;
import java.net.URI;

/**
 * A plain Java program using the client, as a user would write one: no Quarkus, no CDI, no Vert.x of its
 * own. {@link PlainJavaClientTest} runs it in a JVM whose class path has no Quarkus jar and reads its output.
 * It must end by itself: the Vert.x threads the factory started stop when it is closed.
 */
public final class PlainJavaProgram {

    public static void main(String[] args) {
        URI pbx = URI.create(args[0]);
        AccessToken token = AccessToken.of(args[1]);
        try {
            Class.forName("io.quarkus.arc.Arc");
            System.out.println("quarkus-present");
        } catch (ClassNotFoundException expected) {
            System.out.println("quarkus-absent");
        }
        DaktelaClient client;
        try (DaktelaClients clients = DaktelaClients.create()) {
            client = clients.forUser(pbx, token);
            System.out.println("whoami " + client.whoAmI().user().map(user -> user.name()).orElse("(no user)"));
        }
        try {
            client.whoAmI();
            System.out.println("no error after close");
        } catch (IllegalStateException e) {
            System.out.println("after close: " + e.getMessage());
        }
        DaktelaClients closed = DaktelaClients.create();
        closed.close();
        try {
            closed.forUser(pbx, token);
            System.out.println("no error on a closed factory");
        } catch (IllegalStateException e) {
            System.out.println("closed factory: " + e.getMessage());
        }
    }
}
