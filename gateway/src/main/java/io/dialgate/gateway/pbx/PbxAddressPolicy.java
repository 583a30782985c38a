package io.dialgate.gateway.pbx;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.dialgate.client.HostResolver;
import io.dialgate.gateway.common.PrivateAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * Keeps PBX requests away from the gateway's own network: before every request the PBX host is resolved here,
 * and a host that is or resolves to a loopback, private, link-local, multicast or unspecified address is
 * refused; the api-client then connects to exactly the address approved. Answers are kept for 30 s (the JVM's
 * own DNS cache time) and refreshed in the background, so a request on an event loop seldom waits for DNS.
 */
final class PbxAddressPolicy implements HostResolver {

    private static final Logger LOG = Logger.getLogger(PbxAddressPolicy.class);

    private final LoadingCache<String, Resolution> resolutions = Caffeine.newBuilder()
            .refreshAfterWrite(Duration.ofSeconds(30))
            .expireAfterWrite(Duration.ofMinutes(5))
            .maximumSize(10_000)
            .build(PbxAddressPolicy::resolveNow);

    /** An approved address, or why the host is refused. */
    private record Resolution(InetAddress address, String refusal) {
    }

    @Override
    public InetAddress resolve(String host) throws UnknownHostException {
        Resolution resolution = resolutions.get(host);
        if (resolution.refusal() != null) {
            throw new UnknownHostException(resolution.refusal());
        }
        return resolution.address();
    }

    private static Resolution resolveNow(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new Resolution(null, "PBX host does not resolve");
        }
        // Every address must pass: the HTTP client would otherwise be free to pick a private one.
        if (Arrays.stream(addresses).anyMatch(PrivateAddresses::isPrivate)) {
            LOG.warnf("Refused PBX requests to %s: it is or resolves to a loopback, private or link-local address "
                    + "(DIALGATE_PBX_ALLOW_PRIVATE_ADDRESSES allows it)", host);
            return new Resolution(null, "PBX host is not a public address");
        }
        return new Resolution(addresses[0], null);
    }
}
