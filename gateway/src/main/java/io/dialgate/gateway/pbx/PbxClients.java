package io.dialgate.gateway.pbx;

import io.dialgate.client.AccessToken;
import io.dialgate.client.DaktelaClient;
import io.dialgate.client.DaktelaClientOptions;
import io.dialgate.client.DaktelaClients;
import io.dialgate.client.DaktelaLogin;
import io.dialgate.gateway.polling.PollingConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/**
 * The gateway's one {@link DaktelaClients}: the api-client caches a transport per PBX base URL, so
 * every user of a host shares its connection pools.
 */
@ApplicationScoped
public class PbxClients {

    private final DaktelaClients clients;

    public PbxClients(PbxConfig config, PollingConfig polling) {
        this.clients = DaktelaClients.create(DaktelaClientOptions.builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .longPollTimeout(config.longPollTimeout())
                .commandPoolSize(config.commandPoolSize())
                .longPollPoolSize(polling.longPollPoolSize())
                .build());
    }

    /** A client for commands (queue, pause, call) and one-off reads as this user. */
    public DaktelaClient forUser(String baseUrl, String accessToken) {
        return clients.forUser(URI.create(baseUrl), AccessToken.of(accessToken));
    }

    /**
     * A client for the user's poll loop. The api-client keeps long polls on their own connection pool
     * per PBX host, so held polls never starve commands.
     */
    public DaktelaClient forLongPoll(String baseUrl, String accessToken) {
        return clients.forUser(URI.create(baseUrl), AccessToken.of(accessToken));
    }

    public DaktelaLogin login(String baseUrl) {
        return clients.login(URI.create(baseUrl));
    }

    @PreDestroy
    void close() {
        clients.close();
    }
}
