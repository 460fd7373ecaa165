package io.visage.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserQuery;
import io.visage.api.storage.GalleryStore;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gallery users in table {@code gallery_users}, always filtered by tenant. */
@Component(service = GalleryStore.class)
public final class JdbcGalleryStore implements GalleryStore {
    private final Jdbc jdbc;

    @Activate
    public JdbcGalleryStore(@Reference ConnectionSource connections) {
        this.jdbc = new Jdbc(connections);
    }

    @Override
    public List<GalleryUser> queryUsers(long tenantId, UserQuery query) {
        StringBuilder sql = new StringBuilder(
                "SELECT user_reference, created_ms FROM gallery_users WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenantId);
        query.userReference().ifPresent(ref -> {
            sql.append(" AND user_reference = ?");
            args.add(ref);
        });
        query.createdGte().ifPresent(t -> {
            sql.append(" AND created_ms >= ?");
            args.add(t.toEpochMilli());
        });
        query.createdLt().ifPresent(t -> {
            sql.append(" AND created_ms < ?");
            args.add(t.toEpochMilli());
        });
        sql.append(" ORDER BY created_ms, id");
        if (query.limit().isPresent()) {
            sql.append(" FETCH FIRST ? ROWS ONLY");
            args.add(query.limit().getAsInt());
        }
        return jdbc.inTransaction("query users", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<GalleryUser> users = new ArrayList<>();
                    while (rs.next()) {
                        users.add(new GalleryUser(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                                Optional.empty()));
                    }
                    return users;
                }
            }
        });
    }
}
