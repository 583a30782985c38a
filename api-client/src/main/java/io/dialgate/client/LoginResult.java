package io.dialgate.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Tokens from {@code login.json}. Older PBXes return only an access token; newer ones (v32+) also a
 * refresh token, to be traded for a new pair with {@link DaktelaLogin#refresh(String)} before the
 * access token expires.
 *
 * <p>Clients made for an access token that came with a refresh token renew it by themselves before it
 * expires (and once after a 401), for as long as this process runs.
 *
 * @param accessToken the user's access token
 * @param refreshToken the refresh token, when the PBX issued one
 * @param expiresAt when the access token expires, when the PBX said ({@code accessTokenExpirationDate})
 */
public record LoginResult(AccessToken accessToken, Optional<String> refreshToken, Optional<Instant> expiresAt) {

    public LoginResult {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Tokens without a known expiry. */
    public LoginResult(AccessToken accessToken, Optional<String> refreshToken) {
        this(accessToken, refreshToken, Optional.empty());
    }

    /** Never prints either token. */
    @Override
    public String toString() {
        return "LoginResult[accessToken=***, refreshToken=" + (refreshToken.isPresent() ? "***" : "none") + "]";
    }
}
