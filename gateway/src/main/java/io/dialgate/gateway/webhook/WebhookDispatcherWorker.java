package io.dialgate.gateway.webhook;

import io.dialgate.gateway.event.EventAppended;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Drives {@link WebhookDispatcher#runOnce()} on one thread until shutdown. It sleeps only when a round
 * found nothing, and an event committed in this replica wakes it at once (other replicas' events are
 * found within the idle sleep). Every Throwable is logged and the loop goes on.
 */
@ApplicationScoped
public class WebhookDispatcherWorker {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcherWorker.class);

    private final WebhookDispatcher dispatcher;
    private final WebhookConfig config;
    private volatile boolean running;
    private volatile Thread thread;

    public WebhookDispatcherWorker(WebhookDispatcher dispatcher, WebhookConfig config) {
        this.dispatcher = dispatcher;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        if (!config.dispatcher().enabled()) {
            LOG.info("Webhook dispatcher disabled (dialgate.webhook.dispatcher.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "webhook-dispatcher");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Webhook dispatcher started as replica %s", dispatcher.replica());
    }

    void onStop(@Observes ShutdownEvent stop) {
        Thread t = thread;
        if (t == null) {
            return;
        }
        running = false;
        LockSupport.unpark(t);
        try {
            t.join(config.timeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Webhook dispatcher stopped");
    }

    /** Wakes the loop after a commit that may have queued deliveries, so they go out without waiting for the idle sleep. */
    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventAppended appended) {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void loop() {
        long idleNanos = config.dispatcher().idleSleep().toNanos();
        while (running) {
            try {
                if (dispatcher.runOnce() == 0) {
                    LockSupport.parkNanos(this, idleNanos);
                }
            } catch (Throwable t) {
                LOG.error("Webhook dispatcher round failed; retrying after the idle sleep", t);
                LockSupport.parkNanos(this, idleNanos);
            }
        }
    }
}
