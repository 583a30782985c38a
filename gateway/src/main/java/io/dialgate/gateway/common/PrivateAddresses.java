package io.dialgate.gateway.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address ranges outbound requests chosen by tenants (webhook URLs, PBX base URLs) must not reach unless an
 * operator allows it: a request there could probe or use the gateway's own network (server-side request forgery).
 */
public final class PrivateAddresses {

    private PrivateAddresses() {
    }

    /**
     * Loopback, RFC 1918 / unique local, link-local, CGNAT, multicast, unspecified and 0/8 addresses, and IPv6
     * addresses that embed one of them (IPv4-mapped or -compatible, NAT64, 6to4).
     */
    public static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isMulticastAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) || first >= 240;
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local; ::ffff:a.b.c.d and ::a.b.c.d embed an IPv4 address that must pass too.
            if ((b[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean leadingZero = true;
            for (int i = 0; i < 10; i++) {
                leadingZero &= b[i] == 0;
            }
            if (leadingZero && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                return embeddedIsPrivate(b[12], b[13], b[14], b[15]);
            }
            // NAT64 (64:ff9b::/96, RFC 6052) reaches the IPv4 address in its last four bytes; its local-use prefix
            // (64:ff9b:1::/48, RFC 8215) is the operator's own network.
            if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
                boolean wellKnown = true;
                for (int i = 4; i < 12; i++) {
                    wellKnown &= b[i] == 0;
                }
                return !wellKnown || embeddedIsPrivate(b[12], b[13], b[14], b[15]);
            }
            // 6to4 (2002::/16, RFC 3056) carries the IPv4 address in bytes 2 to 5.
            if (b[0] == 0x20 && b[1] == 0x02) {
                return embeddedIsPrivate(b[2], b[3], b[4], b[5]);
            }
        }
        return false;
    }

    private static boolean embeddedIsPrivate(byte a, byte b, byte c, byte d) {
        try {
            return isPrivate(InetAddress.getByAddress(new byte[] {a, b, c, d}));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
