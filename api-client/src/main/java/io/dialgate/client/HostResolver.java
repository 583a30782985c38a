package io.dialgate.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a PBX host name into the address to connect to, before each request. A resolver can refuse a host
 * (throw) to keep a client away from addresses it must not reach: the request is then not sent, and fails as
 * unreachable. The client connects to exactly the address returned, so a DNS answer that changes between a
 * check and the connection cannot slip past the check. TLS still verifies the certificate against the host name.
 * It may be called on an event loop, so it should answer from a cache after the first call for a host.
 */
@FunctionalInterface
public interface HostResolver {

    /** The address to connect to for {@code host}; throws when the host must not be connected to. */
    InetAddress resolve(String host) throws UnknownHostException;
}
