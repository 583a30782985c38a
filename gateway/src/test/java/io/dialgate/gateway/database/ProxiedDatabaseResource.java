package io.dialgate.gateway.database;

import io.dialgate.gateway.EmbeddedPostgresResource;
import io.dialgate.testsupport.LoopbackProxy;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test JVM's embedded PostgreSQL, reached through a {@link LoopbackProxy} that a test can cut and
 * restore: a database outage as the application sees one, without stopping the shared server.
 */
public class ProxiedDatabaseResource extends EmbeddedPostgresResource {

    private static LoopbackProxy proxy;

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> direct = super.start();
        String url = direct.get("quarkus.datasource.jdbc.url");
        Matcher port = Pattern.compile("//(localhost|127\\.0\\.0\\.1):(\\d+)/").matcher(url);
        if (!port.find()) {
            throw new IllegalStateException("unexpected JDBC URL shape");
        }
        if (proxy == null) {
            proxy = LoopbackProxy.to(Integer.parseInt(port.group(2)));
        }
        Map<String, String> proxied = new HashMap<>(direct);
        proxied.put("quarkus.datasource.jdbc.url", port.replaceFirst("//127.0.0.1:" + proxy.port() + "/"));
        return proxied;
    }

    /** The link between the application and its database. */
    public static LoopbackProxy link() {
        return proxy;
    }
}
