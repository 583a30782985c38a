package io.dialgate.gateway.user;

import io.dialgate.client.AccessToken;
import io.dialgate.client.DaktelaException;
import io.dialgate.client.DaktelaUnauthorizedException;
import io.dialgate.client.LoginResult;
import io.dialgate.client.WhoAmI;
import io.dialgate.gateway.common.DialgateException;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SecretCipher;
import io.dialgate.gateway.pbx.PbxClients;
import io.dialgate.gateway.pbx.PbxErrorTranslator;
import io.dialgate.gateway.pbx.PbxHost;
import io.dialgate.gateway.pbx.PbxHostService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Users the gateway acts for: registration (with a token, or a password exchanged for one and then
 * forgotten), token checks with {@code whoim.json}, and sealed token storage (with the refresh token and
 * expiry when the PBX issued an expiring token pair for the password).
 */
@ApplicationScoped
public class PbxUserService {

    private static final Logger LOG = Logger.getLogger(PbxUserService.class);
    private static final int UPDATE_ATTEMPTS = 3;

    private final PbxUserRepository users;
    private final PbxHostService hosts;
    private final PbxClients clients;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Event<UserChanged> changes;

    public PbxUserService(PbxUserRepository users, PbxHostService hosts, PbxClients clients, SecretCipher cipher, Clock clock,
            Event<UserChanged> changes) {
        this.changes = changes;
        this.users = users;
        this.hosts = hosts;
        this.clients = clients;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** How the caller proves the user's identity: exactly one of a token or a password. */
    public record Credentials(Optional<String> accessToken, Optional<String> password) {
        @Override
        public String toString() {
            return "Credentials[***]";
        }
    }

    /**
     * Registers a user after the PBX confirmed its token. The PBX is asked before any transaction opens (no
     * database connection waits on the network); the insert is a short transaction of its own, and the
     * database's unique login per host decides between two registrations of the same login racing.
     */
    public PbxUser register(String tenantId, String pbxHostId, String login, Credentials credentials, boolean monitored) {
        PbxHost host = hosts.get(tenantId, pbxHostId);
        String trimmedLogin = login.strip();
        if (users.findByLoginForTenant(tenantId, host.id, trimmedLogin).isPresent()) {
            throw duplicate(trimmedLogin, host);
        }
        LoginResult token = verifiedToken(host, trimmedLogin, credentials);
        PbxUser user = new PbxUser();
        user.id = Ids.next("usr", clock);
        user.tenantId = tenantId;
        user.pbxHostId = host.id;
        user.login = trimmedLogin;
        user.monitored = monitored;
        user.tokenStatus = TokenStatus.valid;
        user.createdAt = clock.instant();
        user.updatedAt = user.createdAt;
        seal(user, token);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                users.persist(user);
                users.flush();
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw duplicate(trimmedLogin, host);
            }
            throw e;
        }
        LOG.infof("Registered user %s (%s) on PBX host %s", user.id, user.login, host.id);
        return user;
    }

    private static Errors.ConflictException duplicate(String login, PbxHost host) {
        return new Errors.ConflictException("duplicate_user", "User '" + login + "' is already registered on PBX host " + host.id);
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public List<PbxUser> list(String tenantId, String after, int limit) {
        return users.pageForTenant(tenantId, after, limit + 1);
    }

    public PbxUser get(String tenantId, String userId) {
        return users.findByIdForTenant(tenantId, userId).orElseThrow(() -> new Errors.NotFoundException("user", userId));
    }

    /**
     * Changes monitoring and/or replaces the token. The new token is checked with the PBX before any
     * transaction opens (no database connection waits on the network); the change itself is a short
     * transaction, tried again when the user's row changed meanwhile: typically the poll loop marking
     * the old token invalid just as it is being replaced. The replacement then still wins.
     */
    public PbxUser update(String tenantId, String userId, Optional<Boolean> monitored, Credentials credentials) {
        Optional<LoginResult> token = Optional.empty();
        String replacedToken = null;
        String baseUrl = null;
        if (credentials.accessToken().isPresent() || credentials.password().isPresent()) {
            PbxUser user = get(tenantId, userId);
            PbxHost host = hosts.get(tenantId, user.pbxHostId);
            baseUrl = host.baseUrl;
            replacedToken = accessToken(user);
            token = Optional.of(verifiedToken(host, user.login, credentials));
        }
        Optional<LoginResult> verified = token;
        for (int attempt = 1; ; attempt++) {
            try {
                PbxUser updated = QuarkusTransaction.requiringNew().call(() -> apply(tenantId, userId, monitored, verified));
                if (replacedToken != null && !replacedToken.equals(verified.get().accessToken().value())) {
                    // The replaced token's renewals end here; a replica that still knows them stops when it next reads the user.
                    clients.forget(baseUrl, replacedToken);
                }
                return updated;
            } catch (RuntimeException e) {
                if (!isConcurrentChange(e) || attempt == UPDATE_ATTEMPTS) {
                    throw isConcurrentChange(e) ? new Errors.ConflictException("concurrent_change",
                            "User " + userId + " kept changing during this update; retry it") : e;
                }
                LOG.debugf("User %s changed during an update (attempt %d); applying it again", userId, attempt);
            }
        }
    }

    private PbxUser apply(String tenantId, String userId, Optional<Boolean> monitored, Optional<LoginResult> token) {
        PbxUser user = get(tenantId, userId);
        token.ifPresent(t -> {
            seal(user, t);
            user.tokenStatus = TokenStatus.valid;
            LOG.infof("Replaced the access token of user %s", user.id);
        });
        monitored.ifPresent(m -> user.monitored = m);
        user.updatedAt = clock.instant();
        users.flush(); // the version check happens here, inside the retry, not at commit
        changes.fire(new UserChanged(tenantId, userId));
        return user;
    }

    private static boolean isConcurrentChange(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
        }
        return false;
    }

    @Transactional
    public void delete(String tenantId, String userId) {
        users.delete(get(tenantId, userId));
        changes.fire(new UserChanged(tenantId, userId));
        LOG.infof("Deleted user %s", userId);
    }

    /** The user's stored access token in clear; never log or return it. */
    public String accessToken(PbxUser user) {
        return cipher.open(new Sealed(user.tokenKeyId, user.tokenCiphertext), user.id);
    }

    /**
     * Seals the pair the user's token came with: a token given as is has neither refresh token nor expiry, so a
     * replaced token takes the old refresh token with it. The refresh token is sealed to the user like the access
     * token, so that key rotation treats both alike.
     */
    private void seal(PbxUser user, LoginResult token) {
        Sealed sealed = cipher.seal(token.accessToken().value(), user.id);
        user.tokenKeyId = sealed.keyId();
        user.tokenCiphertext = sealed.ciphertext();
        Optional<Sealed> refresh = token.refreshToken().map(r -> cipher.seal(r, user.id));
        user.refreshKeyId = refresh.map(Sealed::keyId).orElse(null);
        user.refreshCiphertext = refresh.map(Sealed::ciphertext).orElse(null);
        user.tokenExpiresAt = token.expiresAt().orElse(null);
    }

    private LoginResult verifiedToken(PbxHost host, String login, Credentials credentials) {
        boolean hasToken = credentials.accessToken().isPresent();
        boolean hasPassword = credentials.password().isPresent();
        if (hasToken == hasPassword) {
            String rule = "send exactly one of accessToken or password";
            throw new Errors.ValidationException("Send exactly one of accessToken or password", List.of(
                    new DialgateException.FieldError("accessToken", rule), new DialgateException.FieldError("password", rule)));
        }
        LoginResult token = hasToken ? new LoginResult(AccessToken.of(credentials.accessToken().get()), Optional.empty())
                : exchangePassword(host, login, credentials.password().get());
        WhoAmI whoAmI;
        try {
            whoAmI = clients.forUser(host.baseUrl, token.accessToken().value()).whoAmI();
        } catch (DaktelaUnauthorizedException e) {
            throw new Errors.UnprocessableException("token_rejected",
                    "The PBX at " + host.baseUrl + " refused this access token (whoim.json answered 401)");
        } catch (DaktelaException e) {
            throw notDaktela(host, "token check");
        }
        String owner = whoAmI.user().map(u -> u.name()).orElse(login);
        if (!owner.equals(login)) {
            throw new Errors.UnprocessableException("login_mismatch",
                    "This access token belongs to PBX user '" + owner + "', not '" + login + "'");
        }
        return token;
    }

    /** The token pair a password buys: with a refresh token and an expiry on PBXes that issue expiring tokens. */
    private LoginResult exchangePassword(PbxHost host, String login, String password) {
        try {
            return clients.login(host.baseUrl).login(login, password);
        } catch (DaktelaUnauthorizedException e) {
            throw new Errors.UnprocessableException("login_failed",
                    "The PBX at " + host.baseUrl + " refused the username or password of '" + login + "'");
        } catch (DaktelaException e) {
            throw notDaktela(host, "login");
        }
    }

    /**
     * The one answer to a registration whose PBX failed, whatever happened: a closed port, a timeout, another
     * server's 404 and a Daktela outage read the same, so a base URL cannot be used to learn what listens where.
     */
    private static Errors.PbxUnavailableException notDaktela(PbxHost host, String step) {
        LOG.infof("The %s at PBX host %s did not get a Daktela answer", step, host.id);
        return new Errors.PbxUnavailableException("The PBX at " + host.baseUrl + " did not answer the " + step
                + " as a Daktela PBX does; check its base URL, or try again if it is down", false);
    }
}
