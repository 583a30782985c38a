package io.dialgate.simulator.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Collects the raw body of a Daktela API request, whatever its method and content type, up to a limit.
 *
 * <p>Vert.x's {@code BodyHandler} is not used: it decodes form and multipart bodies itself, throws on a
 * form body sent with any method but POST, PUT, PATCH or DELETE (an {@code OPTIONS} with a form body got
 * a 500), and fails a form field over 1 KB with its own 400 page instead of the Daktela envelope. The
 * endpoints parse the text themselves, so the bytes are all they need.
 */
final class RequestBodyReader implements Handler<RoutingContext> {

    private static final String BODY = RequestBodyReader.class.getName() + ".body";
    private static final String TOO_LARGE = RequestBodyReader.class.getName() + ".tooLarge";

    private final int limit;

    RequestBodyReader(int limit) {
        this.limit = limit;
    }

    /** The body read for this request; empty when there was none. */
    static Buffer body(RoutingContext context) {
        Buffer body = context.get(BODY);
        return body == null ? Buffer.buffer() : body;
    }

    /** True when the body passed the limit; it was then discarded, not kept. */
    static boolean tooLarge(RoutingContext context) {
        return Boolean.TRUE.equals(context.get(TOO_LARGE));
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.isEnded()) {
            context.next();
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] passedOn = {false};
        request.handler(chunk -> {
            if (passedOn[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                // Answer at once; the rest of the body is still read, and dropped, so the connection
                // does not stall on unread bytes while the answer goes out.
                passedOn[0] = true;
                context.put(TOO_LARGE, true);
                context.next();
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!passedOn[0]) {
                passedOn[0] = true;
                context.put(BODY, body);
                context.next();
            }
        });
        request.resume();
    }
}
