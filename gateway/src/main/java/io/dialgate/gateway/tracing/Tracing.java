package io.dialgate.gateway.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The span attributes the gateway sets itself. Ids only (tenant, user, event, delivery, endpoint): never a
 * token, secret, phone number or payload. HTTP attributes follow the OpenTelemetry semantic conventions.
 */
public final class Tracing {

    public static final AttributeKey<String> TENANT_ID = AttributeKey.stringKey("dialgate.tenant.id");
    public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("dialgate.user.id");
    public static final AttributeKey<String> PBX_HOST_ID = AttributeKey.stringKey("dialgate.pbx_host.id");
    public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("dialgate.event.id");
    public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("dialgate.event.type");
    public static final AttributeKey<Long> EVENT_COUNT = AttributeKey.longKey("dialgate.event.count");
    public static final AttributeKey<String> DELIVERY_ID = AttributeKey.stringKey("dialgate.delivery.id");
    public static final AttributeKey<String> WEBHOOK_ID = AttributeKey.stringKey("dialgate.webhook.id");
    public static final AttributeKey<String> ATTEMPT_ID = AttributeKey.stringKey("dialgate.attempt.id");
    public static final AttributeKey<String> ATTEMPT_TRIGGER = AttributeKey.stringKey("dialgate.attempt.trigger");

    public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private Tracing() {
    }
}
