/**
 * Delivering webhooks: the dispatcher claims due deliveries, sends signed attempts, records the results
 * and schedules retries. It depends on the {@code webhook} package (endpoints, deliveries, signing,
 * configuration); nothing there depends on it.
 */
package io.dialgate.gateway.webhook.dispatch;
