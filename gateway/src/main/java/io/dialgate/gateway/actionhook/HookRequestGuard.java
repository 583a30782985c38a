package io.dialgate.gateway.actionhook;

import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.common.RefusalThrottle;
import io.dialgate.gateway.common.RouterProblems;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Checks an action-hook request on the event loop before its body is read, so that nobody can hold the
 * gateway's worker threads with hook requests. A request without the three Standard Webhooks headers (or with a
 * timestamp that is not plain digits), with a body over the limit, or for a hook that does not exist or whose
 * tenant is suspended is answered at once; the body of the others is read without a worker (the receiving
 * method is non-blocking) and must arrive within {@code dialgate.action-hooks.body-timeout}. A source address
 * that keeps being refused gets 429 without further checks. Refusals are counted and summed up in one WARN line a
 * minute, never one line each.
 */
@ApplicationScoped
public class HookRequestGuard {

    private static final Logger LOG = Logger.getLogger(HookRequestGuard.class);
    private static final String PREFIX = "/hooks/actions/";
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{1,12}");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}");
    private static final int MAX_HEADER = 4096;
    private static final long SUMMARY_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    /** Where the guard leaves the hook it found, so the receiving method does not read it again. */
    static final String HOOK = "dialgate.actionHook";

    /** A hook and whether its tenant is suspended. */
    private record Found(ActionHook hook, boolean suspended) {
    }

    private final ActionHookService hooks;
    private final ActionHookConfig config;
    private final Vertx vertx;
    private final RefusalThrottle refusals;
    private final AtomicLong refusedSinceSummary = new AtomicLong();
    private final AtomicLong lastSummary = new AtomicLong(System.nanoTime());

    public HookRequestGuard(ActionHookService hooks, ActionHookConfig config, Vertx vertx) {
        this.hooks = hooks;
        this.config = config;
        this.vertx = vertx;
        this.refusals = new RefusalThrottle(config.refusalsPerMinute());
    }

    @RouteFilter(950) // before BodySizeLimit, which would read a chunked body first
    void check(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.startsWith(PREFIX) || !"POST".equals(context.request().method().name())) {
            context.next();
            return;
        }
        String hookId = path.substring(PREFIX.length());
        if (hookId.indexOf('%') >= 0 || hookId.chars().anyMatch(Character::isISOControl)) {
            // No hook id has one; the REST layer's parameter check names an encoded control character (400)
            // before any body is read.
            context.next();
            return;
        }
        String source = source(context);
        if (refusals.exceeded(source)) {
            refuse(context, source, 429, "too_many_refused_requests",
                    "Too many refused action-hook requests from this address; retry after a minute");
            return;
        }
        String length = context.request().getHeader("Content-Length");
        if (length != null && DECIMAL.matcher(length).matches() && Long.parseLong(length) > config.bodyLimit().asLongValue()) {
            refuse(context, source, 413, "payload_too_large",
                    "An action-hook command may have at most " + config.bodyLimit().asLongValue() + " bytes");
            return;
        }
        if (!signedHeadersPresent(context)) {
            refuse(context, source, 401, "unauthenticated", "Missing webhook-id, webhook-timestamp or "
                    + "webhook-signature header, or a webhook-timestamp that is not whole seconds written as plain digits");
            return;
        }
        if (!Ids.looksLike("ahk", hookId)) {
            refuse(context, source, 404, "not_found", "No such action hook");
            return;
        }
        // The hook's existence and its tenant's state are read on a worker, with the request paused meanwhile;
        // a sender cannot make this wait for anything but the database.
        context.request().pause();
        vertx.<Found>executeBlocking(() -> hooks.findForDelivery(hookId).map(h -> new Found(h, hooks.tenantSuspended(h)))
                .orElse(null), false).onComplete(looked -> {
                    if (looked.failed()) {
                        context.fail(looked.cause());
                    } else if (looked.result() == null) {
                        refuse(context, source, 404, "not_found", "No such action hook");
                    } else if (looked.result().suspended()) {
                        respond(context, 403, "tenant_suspended",
                                "The tenant of this action hook is suspended; its operator can lift the suspension");
                    } else {
                        context.put(HOOK, looked.result().hook());
                        countRefusedSignature(context, source);
                        startBodyDeadline(context);
                        context.next();
                        context.request().resume();
                    }
                });
    }

    /**
     * A wrong or stale signature is refused by the endpoint (401), after the body is in: it counts against the
     * sender's address like the refusals here, so signatures cannot be tried at the rate of the worker pool.
     */
    private void countRefusedSignature(RoutingContext context, String source) {
        context.addHeadersEndHandler(written -> {
            if (context.response().getStatusCode() == 401) {
                refusals.refused(source);
                refusedSinceSummary.incrementAndGet();
            }
        });
    }

    private static boolean signedHeadersPresent(RoutingContext context) {
        String id = context.request().getHeader("webhook-id");
        String timestamp = context.request().getHeader("webhook-timestamp");
        String signature = context.request().getHeader("webhook-signature");
        return id != null && !id.isBlank() && id.length() <= MAX_HEADER
                && timestamp != null && TIMESTAMP.matcher(timestamp).matches()
                && signature != null && !signature.isBlank() && signature.length() <= MAX_HEADER;
    }

    /** Cuts off a sender whose body has not fully arrived in time: 408, and the connection is closed. */
    private void startBodyDeadline(RoutingContext context) {
        long timer = vertx.setTimer(Math.max(1, config.bodyTimeout().toMillis()), id -> {
            if (!context.request().isEnded() && !context.response().ended()) {
                LOG.debugf("Action-hook request from %s cut off: its body did not arrive within %s", source(context),
                        config.bodyTimeout());
                respond(context, 408, "request_timeout",
                        "The body did not arrive within " + config.bodyTimeout().toSeconds() + " s");
            }
        });
        context.addEndHandler(done -> vertx.cancelTimer(timer));
    }

    private void refuse(RoutingContext context, String source, int status, String code, String detail) {
        refusals.refused(source);
        refusedSinceSummary.incrementAndGet();
        long last = lastSummary.get();
        long now = System.nanoTime();
        if (now - last >= SUMMARY_EVERY_NANOS && lastSummary.compareAndSet(last, now)) {
            LOG.warnf("Refused %d action-hook requests in the last minute (no or bad signature headers, unknown hook, "
                    + "too large, or too many refusals from one address); the last from %s", refusedSinceSummary.getAndSet(0),
                    source);
        }
        respond(context, status, code, detail);
    }

    private static void respond(RoutingContext context, int status, String code, String detail) {
        if (status == 429) {
            context.response().putHeader("Retry-After", "60");
        }
        // Closes the connection after the answer: the sender's unread body must not be taken for a next request.
        RouterProblems.send(context, status, code, detail);
    }

    private static String source(RoutingContext context) {
        var address = context.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }
}
