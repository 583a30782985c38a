package io.dialgate.client;

/**
 * Where the client puts the access token on each request. Daktela accepts all three; which one
 * suits depends on the proxies in front of the PBX (some strip custom headers, some log query
 * strings).
 */
public enum TokenPlacement {
    /** Header {@code X-Auth-Token}: the default, used by Daktela's official connectors; never logged by proxies as part of the URL. */
    HEADER,
    /** Query parameter {@code accessToken}: what Daktela's documentation shows; ends up in access logs. */
    QUERY,
    /** Cookie {@code c_user}: what Daktela's own web apps send. */
    COOKIE
}
