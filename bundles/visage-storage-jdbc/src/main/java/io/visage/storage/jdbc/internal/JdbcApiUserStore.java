package io.visage.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.visage.api.storage.ApiUserRecord;
import io.visage.api.storage.ApiUserStore;
import io.visage.api.storage.GalleryChange;
import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.EndpointFamily;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** API users in table {@code api_users}; roles as a comma-separated list of family labels. */
@Component(service = ApiUserStore.class)
public final class JdbcApiUserStore implements ApiUserStore {
    private static final String COLUMNS = "id, name, key_hash, enabled, roles, created_ms";

    private final Jdbc jdbc;

    @Activate
    public JdbcApiUserStore(@Reference ConnectionSource connections) {
        this.jdbc = new Jdbc(connections);
    }

    @Override
    public ApiUserRecord insert(String name, String keyHash, Set<EndpointFamily> roles) {
        long now = System.currentTimeMillis();
        return jdbc.inTransaction("API user " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_users (name, key_hash, enabled, roles, created_ms) VALUES (?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, keyHash);
                ps.setBoolean(3, true);
                ps.setString(4, encodeRoles(roles));
                ps.setLong(5, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    ApiUser user = new ApiUser(keys.getLong(1), name, true, roles, Instant.ofEpochMilli(now));
                    return new ApiUserRecord(user, keyHash);
                }
            }
        });
    }

    @Override
    public Optional<ApiUserRecord> findByName(String name) {
        return jdbc.inTransaction("find API user", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_users WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ApiUserRecord> list() {
        return jdbc.inTransaction("list API users", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_users ORDER BY name");
                    ResultSet rs = ps.executeQuery()) {
                List<ApiUserRecord> users = new ArrayList<>();
                while (rs.next()) {
                    users.add(read(rs));
                }
                return users;
            }
        });
    }

    @Override
    public boolean delete(String name) {
        return jdbc.inTransaction("delete API user", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM api_users WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_users WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            // The tenant's gallery went with it (ON DELETE CASCADE): other nodes drop it from their indexes.
            ChangeLog.record(c, id, GalleryChange.Kind.TENANT, null);
            return true;
        });
    }

    @Override
    public boolean updateKeyHash(String name, String keyHash) {
        return update("UPDATE api_users SET key_hash = ? WHERE name = ?", keyHash, name);
    }

    @Override
    public boolean updateEnabled(String name, boolean enabled) {
        return update("UPDATE api_users SET enabled = ? WHERE name = ?", enabled, name);
    }

    @Override
    public boolean updateRoles(String name, Set<EndpointFamily> roles) {
        return update("UPDATE api_users SET roles = ? WHERE name = ?", encodeRoles(roles), name);
    }

    private boolean update(String sql, Object... args) {
        return jdbc.inTransaction("update API user", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static ApiUserRecord read(ResultSet rs) throws SQLException {
        ApiUser user = new ApiUser(rs.getLong("id"), rs.getString("name"), rs.getBoolean("enabled"),
                decodeRoles(rs.getString("roles")), Instant.ofEpochMilli(rs.getLong("created_ms")));
        return new ApiUserRecord(user, rs.getString("key_hash"));
    }

    static String encodeRoles(Set<EndpointFamily> roles) {
        return roles.stream().sorted().map(EndpointFamily::label).collect(Collectors.joining(","));
    }

    static Set<EndpointFamily> decodeRoles(String encoded) {
        Set<EndpointFamily> roles = EnumSet.noneOf(EndpointFamily.class);
        for (String label : encoded.split(",")) {
            if (!label.isBlank()) {
                EndpointFamily.fromLabel(label).ifPresent(roles::add);
            }
        }
        return roles;
    }
}
