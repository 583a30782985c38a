package io.dialgate.client;

import java.util.Objects;
import java.util.Optional;

/**
 * Tokens from {@code login.json}. Older PBXes return only an access token; newer ones (v32+) also a
 * refresh token, to be traded for a new pair with {@link DaktelaLogin#refresh(String)} before the
 * access token expires.
 *
 * @param accessToken the user's access token
 * @param refreshToken the refresh token, when the PBX issued one
 */
public record LoginResult(AccessToken accessToken, Optional<String> refreshToken) {

    public LoginResult {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    /** Never prints either token. */
    @Override
    public String toString() {
        return "LoginResult[accessToken=***, refreshToken=" + (refreshToken.isPresent() ? "***" : "none") + "]";
    }
}
