package io.dialgate.gateway.pbx;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Daktela PBX a tenant's users live on, addressed by its base URL. */
@Entity
@Table(name = "pbx_host")
public class PbxHost {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String name;

    @Column(name = "base_url", nullable = false)
    public String baseUrl;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
