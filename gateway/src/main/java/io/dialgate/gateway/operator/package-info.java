/**
 * What the operator reads of the whole gateway and of one tenant: its users, endpoints, keys and counts, and the
 * replicas with the work each holds. Read-only, beside the tenant and crypto packages' operator writes.
 */
package io.dialgate.gateway.operator;
