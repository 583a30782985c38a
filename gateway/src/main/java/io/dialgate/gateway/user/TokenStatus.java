package io.dialgate.gateway.user;

/** What the gateway last learned of a user's access token. Stored as text. */
public enum TokenStatus {
    /** The PBX accepted it at registration or on the last request. */
    valid,
    /** The PBX answered 401: operations and polling stop until the token is replaced. */
    invalid
}
