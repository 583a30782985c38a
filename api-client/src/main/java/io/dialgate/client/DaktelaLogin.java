package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trades credentials for tokens ({@code login.json}) on one PBX.
 *
 * <p>Works with both server generations: it first asks for the token pair of newer PBXes
 * ({@code {accessToken, refreshToken}}), accepts a bare token string in the answer, and falls back
 * to {@code only_token: 1} when the answer carries no token at all. The password is never logged
 * or put in exceptions.
 */
public final class DaktelaLogin {

    private static final String ENDPOINT = "login";

    private final URI pbxBaseUrl;
    private final Transport transport;

    DaktelaLogin(URI pbxBaseUrl, Transport transport) {
        this.pbxBaseUrl = pbxBaseUrl;
        this.transport = transport;
    }

    /**
     * Logs in.
     *
     * @throws DaktelaUnauthorizedException when the credentials are wrong
     */
    public LoginResult login(String username, String password) {
        return loginAsync(username, password).await().indefinitely();
    }

    /** {@link #login(String, String)} without blocking. */
    public Uni<LoginResult> loginAsync(String username, String password) {
        ObjectNode body = Json.object();
        body.put("username", Objects.requireNonNull(username, "username"));
        body.put("password", Objects.requireNonNull(password, "password"));
        return transport.sendWithSecret(Request.command("POST", ENDPOINT, null, body), password)
                .flatMap(result -> {
                    Optional<LoginResult> r = parse(result, CLOCK);
                    if (r.isPresent()) {
                        return Uni.createFrom().item(r.get());
                    }
                    ObjectNode onlyToken = body.deepCopy();
                    onlyToken.put("only_token", 1);
                    return transport.sendWithSecret(Request.command("POST", ENDPOINT, null, onlyToken), password)
                            .map(again -> parse(again, CLOCK).orElseThrow(() -> noToken("POST login")));
                })
                .invoke(login -> TokenRenewals.SHARED.register(pbxBaseUrl, login));
    }

    /**
     * Trades a refresh token for a new token pair ({@code PUT login.json}).
     *
     * @throws DaktelaUnauthorizedException when the refresh token is unknown or expired
     */
    public LoginResult refresh(String refreshToken) {
        return refreshAsync(refreshToken).await().indefinitely();
    }

    /** {@link #refresh(String)} without blocking. */
    public Uni<LoginResult> refreshAsync(String refreshToken) {
        ObjectNode body = Json.object();
        body.put("refreshToken", Objects.requireNonNull(refreshToken, "refreshToken"));
        return transport.sendWithSecret(Request.command("PUT", ENDPOINT, null, body), refreshToken)
                .map(result -> parse(result, CLOCK).orElseThrow(() -> noToken("PUT login")))
                .invoke(login -> TokenRenewals.SHARED.register(pbxBaseUrl, login));
    }

    /**
     * Resumes a session from a token pair the caller stored, for example after a restart: clients made for
     * the stored access token (or for any other token the session issued since) then renew it by
     * themselves, as after {@link #login}. Nothing is sent to the PBX here; a pair whose access token has
     * expired is renewed by the first request that uses it.
     *
     * <p>The refresh token is single-use, so whoever stores the pair must store each new one:
     * {@code onRenewed} is told the new pair (access token, refresh token, expiry) after every renewal, and
     * at once when this process renewed the session since the pair was stored. It runs on an I/O thread
     * and must not block (hand the write to a worker); its failures are logged and do not fail the
     * renewal. Resuming a session this process already knows keeps it and only replaces its listener.
     *
     * @param stored the pair to resume; one without a refresh token has nothing to renew and is returned as is
     * @param onRenewed told every new pair, or null
     * @return the session's newest access token (any of its tokens works for {@link DaktelaClients#forUser})
     */
    public AccessToken resume(LoginResult stored, Consumer<LoginResult> onRenewed) {
        return TokenRenewals.SHARED.resume(pbxBaseUrl, stored, onRenewed);
    }

    /**
     * Ends the renewals of the session that issued this token (its first or a later one), for example when
     * the user's token was replaced. Clients made for its tokens then send them as they are.
     *
     * @return whether this process knew such a session
     */
    public boolean forget(AccessToken token) {
        return TokenRenewals.SHARED.forget(pbxBaseUrl, Objects.requireNonNull(token, "token"));
    }

    static Optional<LoginResult> parse(JsonNode result) {
        return parse(result, CLOCK);
    }

    /**
     * The tokens of a login answer: a bare token string, or {@code {accessToken, refreshToken,
     * accessTokenExpirationDate}}. The expiry is PBX-local time, so it is read against the answer's own
     * {@code _time} (how far ahead it is) rather than guessed into a zone.
     */
    static Optional<LoginResult> parse(JsonNode result, Clock clock) {
        if (result == null || result.isNull()) {
            return Optional.empty();
        }
        if (result.isTextual() && !result.asText().isBlank()) {
            return Optional.of(new LoginResult(AccessToken.of(result.asText()), Optional.empty()));
        }
        String access = Json.text(result, "accessToken");
        if (access == null || access.isBlank()) {
            return Optional.empty();
        }
        Optional<Instant> expiresAt = Json.time(result, "accessTokenExpirationDate").flatMap(expiry -> {
            LocalDateTime serverNow = Json.time(result, Envelope.SERVER_TIME).orElse(null);
            if (serverNow == null) {
                return Optional.empty();
            }
            return Optional.of(clock.instant().plus(Duration.between(serverNow, expiry)));
        });
        return Optional.of(new LoginResult(AccessToken.of(access), Json.optText(result, "refreshToken"), expiresAt));
    }

    private static final Clock CLOCK = Clock.systemUTC();

    private static DaktelaException noToken(String operation) {
        return new DaktelaException("Daktela " + operation + " answered without a token", 200, java.util.List.of(),
                null, null);
    }

    @Override
    public String toString() {
        return "DaktelaLogin[pbx=" + pbxBaseUrl + "]";
    }
}
