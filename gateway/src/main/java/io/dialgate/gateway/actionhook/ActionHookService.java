package io.dialgate.gateway.actionhook;

import io.dialgate.gateway.tenant.TenantRepository;
import io.dialgate.gateway.common.Errors;
import io.dialgate.gateway.common.Ids;
import io.dialgate.gateway.crypto.Sealed;
import io.dialgate.gateway.crypto.SecretCipher;
import io.dialgate.gateway.user.PbxUserService;
import io.dialgate.gateway.webhook.WebhookSigner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** A tenant's action hooks: created with a secret shown once, listed, deleted. */
@ApplicationScoped
public class ActionHookService {

    private final ActionHookRepository hooks;
    private final PbxUserService users;
    private final SecretCipher cipher;
    private final Clock clock;
    private final TenantRepository tenants;

    public ActionHookService(ActionHookRepository hooks, PbxUserService users, SecretCipher cipher, Clock clock,
            TenantRepository tenants) {
        this.tenants = tenants;
        this.hooks = hooks;
        this.users = users;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** A new hook and its secret in clear: the only time the secret is visible. */
    public record CreatedHook(ActionHook hook, String secret) {
        @Override
        public String toString() {
            return "CreatedHook[" + hook.id + "]";
        }
    }

    @Transactional
    public CreatedHook create(String tenantId, Optional<String> userId, String description) {
        userId.ifPresent(id -> users.get(tenantId, id));
        ActionHook hook = new ActionHook();
        hook.id = Ids.next("ahk", clock);
        hook.tenantId = tenantId;
        hook.userId = userId.orElse(null);
        hook.description = description;
        hook.createdAt = clock.instant();
        hook.updatedAt = hook.createdAt;
        String secret = WebhookSigner.newSecret();
        Sealed sealed = cipher.seal(secret, hook.id);
        hook.secretKeyId = sealed.keyId();
        hook.secretCiphertext = sealed.ciphertext();
        hooks.persist(hook);
        return new CreatedHook(hook, secret);
    }

    public List<ActionHook> list(String tenantId, String after, int limit) {
        return hooks.pageForTenant(tenantId, after, limit + 1);
    }

    public ActionHook get(String tenantId, String id) {
        return hooks.findByIdForTenant(tenantId, id).orElseThrow(() -> new Errors.NotFoundException("action hook", id));
    }

    @Transactional
    public void delete(String tenantId, String id) {
        hooks.delete(get(tenantId, id));
    }

    /** For the receiver: the hook behind a URL, whoever owns it. */
    public Optional<ActionHook> findForDelivery(String id) {
        return hooks.findByIdAcrossTenants(id);
    }

    /** Whether the hook's tenant is suspended: its hooks run nothing, as its API keys do nothing. */
    @jakarta.transaction.Transactional
    public boolean tenantSuspended(ActionHook hook) {
        return tenants.findByIdOptional(hook.tenantId).map(t -> t.suspended).orElse(true);
    }

    public String secret(ActionHook hook) {
        return cipher.open(new Sealed(hook.secretKeyId, hook.secretCiphertext), hook.id);
    }
}
