package io.visage.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.storage.TenantSecretStore;

/** Sealed tenant template secrets in {@code tenant_secrets}. */
@Component(service = TenantSecretStore.class)
public final class JdbcTenantSecretStore implements TenantSecretStore {
    private final Jdbc jdbc;

    @Activate
    public JdbcTenantSecretStore(@Reference ConnectionSource connections) {
        this.jdbc = new Jdbc(connections);
    }

    @Override
    public Optional<String> sealedSecret(long tenantId) {
        return jdbc.inTransaction("read tenant secret", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT sealed_secret FROM tenant_secrets WHERE tenant_id = ?")) {
                ps.setLong(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void putSealedSecret(long tenantId, String sealedSecret) {
        jdbc.inTransaction("write tenant secret", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE tenant_secrets SET sealed_secret = ?, updated_ms = ? WHERE tenant_id = ?")) {
                update.setString(1, sealedSecret);
                update.setLong(2, System.currentTimeMillis());
                update.setLong(3, tenantId);
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO tenant_secrets (tenant_id, sealed_secret, updated_ms) VALUES (?, ?, ?)")) {
                insert.setLong(1, tenantId);
                insert.setString(2, sealedSecret);
                insert.setLong(3, System.currentTimeMillis());
                insert.executeUpdate();
            }
            return null;
        });
    }
}
