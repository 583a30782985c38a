package io.dialgate.gateway.user;

import io.dialgate.client.AccessToken;
import io.dialgate.client.LoginResult;
import io.dialgate.gateway.common.SqlTimes;
import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SecretCipher;
import io.dialgate.gateway.pbx.PbxClients;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps expiring user tokens working on every replica and across restarts. A user registered with a password
 * on a PBX that issues expiring tokens has its refresh token stored; whenever a replica makes a client for the
 * user, the api-client's renewal session is resumed from the stored pair unless this process knows it, and
 * each renewal's new pair is written back to the user's row, since the refresh token is single-use.
 */
@ApplicationScoped
public class UserTokenSessions {

    private static final Logger LOG = Logger.getLogger(UserTokenSessions.class);

    private final PbxClients clients;
    private final SecretCipher cipher;
    private final EntityManager em;

    public UserTokenSessions(PbxClients clients, SecretCipher cipher, EntityManager em) {
        this.clients = clients;
        this.cipher = cipher;
        this.em = em;
    }

    /**
     * A user's tokens as its row holds them, opened; {@code version} is the row's version they were read at.
     * Neither token appears in {@code toString}.
     */
    public record Stored(String userId, long version, String baseUrl, String accessToken, Optional<String> refreshToken,
            Optional<Instant> expiresAt) {
        @Override
        public String toString() {
            return "Stored[userId=" + userId + ", version=" + version + "]";
        }
    }

    /** The stored tokens of a user read from its row's sealed columns. */
    public Stored open(String userId, long version, String baseUrl, String tokenKeyId, byte[] tokenCiphertext,
            String refreshKeyId, byte[] refreshCiphertext, Object expiresAt) {
        String access = cipher.open(new Sealed(tokenKeyId, tokenCiphertext), userId);
        Optional<String> refresh = refreshKeyId == null ? Optional.empty()
                : Optional.of(cipher.open(new Sealed(refreshKeyId, refreshCiphertext), userId));
        return new Stored(userId, version, baseUrl, access, refresh, Optional.ofNullable(SqlTimes.instant(expiresAt)));
    }

    public Stored open(PbxUser user, String baseUrl) {
        return open(user.id, user.version, baseUrl, user.tokenKeyId, user.tokenCiphertext, user.refreshKeyId,
                user.refreshCiphertext, user.tokenExpiresAt);
    }

    /**
     * The access token to make the user's clients with. A token without a refresh token is used as it is;
     * otherwise its session is resumed (nothing is sent to the PBX) and each renewal is stored.
     */
    public String usableToken(Stored stored) {
        if (stored.refreshToken().isEmpty()) {
            return stored.accessToken();
        }
        LoginResult pair = new LoginResult(AccessToken.of(stored.accessToken()), stored.refreshToken(), stored.expiresAt());
        // The listener runs on an I/O thread: the write goes to a worker, in a transaction of its own.
        return clients.resume(stored.baseUrl(), pair,
                renewed -> Infrastructure.getDefaultWorkerPool().execute(() -> store(stored.userId(), stored.version(), renewed)));
    }

    /**
     * Writes a renewed pair to the user's row, unless the row changed since the pair it replaces was read (a new
     * token, a status or a re-seal; the version says so). The version is left as it is: a version change restarts
     * the user's poll loop, and a renewal changes nothing about the user. A pair not stored here is stored when the
     * session is next resumed from the row, which tells the newest pair at once.
     */
    void store(String userId, long version, LoginResult renewed) {
        try {
            Sealed access = cipher.seal(renewed.accessToken().value(), userId);
            Sealed refresh = cipher.seal(renewed.refreshToken().orElseThrow(), userId);
            int updated = QuarkusTransaction.requiringNew().call(() -> em.createQuery("""
                    update PbxUser u set u.tokenKeyId = :accessKey, u.tokenCiphertext = :access, u.refreshKeyId = :refreshKey,
                    u.refreshCiphertext = :refresh, u.tokenExpiresAt = :expires
                    where u.id = :id and u.version = :version and u.refreshKeyId is not null""")
                    .setParameter("accessKey", access.keyId()).setParameter("access", access.ciphertext())
                    .setParameter("refreshKey", refresh.keyId()).setParameter("refresh", refresh.ciphertext())
                    .setParameter("expires", renewed.expiresAt().orElse(null))
                    .setParameter("id", userId).setParameter("version", version).executeUpdate());
            if (updated == 1) {
                LOG.debugf("Stored the renewed token pair of user %s", userId);
            } else {
                LOG.debugf("User %s changed since its token session was resumed; its renewed pair is stored at the next resume",
                        userId);
            }
        } catch (RuntimeException e) {
            // No message: a driver's message may quote the statement's parameters.
            LOG.warnf("Could not store the renewed token pair of user %s (%s); it is stored when its session is next resumed",
                    userId, e.getClass().getSimpleName());
        }
    }
}
