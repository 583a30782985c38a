package io.dialgate.gateway.architecture;

import io.dialgate.client.DaktelaClient;
import jakarta.transaction.Transactional;

/** A deliberate violation for the architecture check to find: a transaction that reaches the PBX client. */
class TransactionalPbxCall {

    private final Helper helper = new Helper();

    @Transactional
    void register(DaktelaClient client) {
        helper.check(client);
    }

    @Transactional
    int count() {
        return 1;
    }

    static class Helper {
        void check(DaktelaClient client) {
            client.whoAmI();
        }
    }
}
