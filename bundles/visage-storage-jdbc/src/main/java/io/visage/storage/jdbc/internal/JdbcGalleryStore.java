package io.visage.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserQuery;
import io.visage.api.history.HistoryQuery;
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
        HistoryQuery window = new HistoryQuery(Optional.empty(), Optional.empty(), query.createdGte(),
                query.createdLt(), query.limit(), Optional.empty());
        HistorySql sql = new HistorySql("SELECT user_reference, created_ms FROM gallery_users", tenantId)
                .equal("user_reference", query.userReference()).window(window);
        return jdbc.inTransaction("query users", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.sql.toString())) {
                sql.bind(ps);
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
