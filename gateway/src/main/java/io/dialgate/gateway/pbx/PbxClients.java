package io.dialgate.gateway.pbx;

import io.dialgate.client.AccessToken;
import io.dialgate.client.DaktelaClient;
import io.dialgate.client.DaktelaClientOptions;
import io.dialgate.client.DaktelaClients;
import io.dialgate.client.DaktelaLogin;
import io.dialgate.client.LoginResult;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's {@link DaktelaClients}: the api-client caches a transport per PBX base URL, so every
 * user of a host shares its connection pools.
 *
 * <p>Long polls are spread over several clients ("shards"), each with its own pool of at most
 * {@value #LONG_POLL_SHARD_CONNECTIONS} connections per host (plus 10 % slack for uneven churn), the
 * {@code long-poll-pool-size} divided between them. The Vert.x HTTP client scans every connection
 * of a pool to pick one for each request, so one pool of 10,000 held polls cost a scan of 10,000
 * connections per poll; shards keep each scan short. Poll loops are assigned to shards in turn.
 */
@ApplicationScoped
public class PbxClients {

    static final int LONG_POLL_SHARD_CONNECTIONS = 250;

    private final DaktelaClients clients;
    private final DaktelaClients[] longPolls;
    private final AtomicInteger nextShard = new AtomicInteger();

    // The long-poll pool's size is a polling setting (documented with the other polling settings); it is read
    // by name so that the PBX clients do not depend on the polling feature, which depends on them.
    public PbxClients(PbxConfig config, @ConfigProperty(name = "dialgate.polling.long-poll-pool-size") int longPollPoolSize) {
        DaktelaClientOptions.Builder options = DaktelaClientOptions.builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .longPollTimeout(config.longPollTimeout())
                .commandPoolSize(config.commandPoolSize())
                .longPollPoolSize(longPollPoolSize);
        if (!config.allowPrivateAddresses()) {
            options.hostResolver(new PbxAddressPolicy());
        }
        this.clients = DaktelaClients.create(options.build());
        int shards = Math.max(1, (longPollPoolSize + LONG_POLL_SHARD_CONNECTIONS - 1) / LONG_POLL_SHARD_CONNECTIONS);
        int perShard = (longPollPoolSize + shards - 1) / shards;
        int withSlack = shards == 1 ? perShard : perShard + Math.max(1, perShard / 10);
        this.longPolls = new DaktelaClients[shards];
        // Poll loops never retry inside the client: the loop backs off per user and the host's circuit decides
        // when a down PBX is asked again, so a retry here would only hide an outage and multiply requests.
        options.maxRetries(0);
        for (int i = 0; i < shards; i++) {
            longPolls[i] = DaktelaClients.create(options.longPollPoolSize(shards == 1 ? perShard : withSlack).build());
        }
    }

    /** A client for commands (queue, pause, call) and one-off reads as this user. */
    public DaktelaClient forUser(String baseUrl, String accessToken) {
        return clients.forUser(URI.create(baseUrl), AccessToken.of(accessToken));
    }

    /**
     * A client for the user's poll loop, on the next long-poll shard. The api-client keeps long polls on
     * their own connection pool per PBX host, so held polls never starve commands.
     */
    public DaktelaClient forLongPoll(String baseUrl, String accessToken) {
        DaktelaClients shard = longPolls[Math.floorMod(nextShard.getAndIncrement(), longPolls.length)];
        return shard.forUser(URI.create(baseUrl), AccessToken.of(accessToken));
    }

    public DaktelaLogin login(String baseUrl) {
        return clients.login(URI.create(baseUrl));
    }

    /**
     * Resumes a user's token session from its stored pair unless this process knows it already, and returns
     * the token to make its clients with. The api-client keeps sessions process-wide, so every shard and the
     * command clients share one session and its single-use refresh token. Sends nothing to the PBX.
     */
    public String resume(String baseUrl, LoginResult stored, Consumer<LoginResult> onRenewed) {
        return login(baseUrl).resume(stored, onRenewed).value();
    }

    /** Ends the renewals of the session that issued this token (its token was replaced). */
    public void forget(String baseUrl, String accessToken) {
        login(baseUrl).forget(AccessToken.of(accessToken));
    }

    @PreDestroy
    void close() {
        for (DaktelaClients shard : longPolls) {
            shard.close();
        }
        clients.close();
    }
}
