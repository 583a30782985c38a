package io.dialgate.gateway.common;

import java.net.InetAddress;
import java.util.UUID;

/**
 * This process's name among the gateway replicas, in poll leases and webhook claims ({@code locked_by}):
 * the host name (the pod name on Kubernetes) and a random suffix, so a restarted pod never takes its
 * predecessor's claims for its own. One name per process, so both tables name a replica the same way.
 */
public final class ReplicaName {

    private static final String THIS_PROCESS = generate();

    private ReplicaName() {
    }

    public static String ofThisProcess() {
        return THIS_PROCESS;
    }

    private static String generate() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "replica";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
