package io.visage.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.storage.ChangeFeed;
import io.visage.api.storage.GalleryChange;
import io.visage.api.storage.StoredFace;

@Component(service = ChangeFeed.class)
public final class JdbcChangeFeed implements ChangeFeed {
    private final Jdbc jdbc;

    @Activate
    public JdbcChangeFeed(@Reference ConnectionSource connections) {
        this.jdbc = new Jdbc(connections);
    }

    @Override
    public List<GalleryChange> changesAfter(long afterSequence, int limit) {
        return jdbc.inTransaction("read gallery changes", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, tenant_id, kind, subject, created_ms FROM "
                    + "gallery_changes WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                ps.setLong(1, afterSequence);
                ps.setInt(2, limit);
                List<GalleryChange> changes = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new GalleryChange(rs.getLong(1), rs.getLong(2), ChangeLog.kind(rs.getString(3)),
                                rs.getString(4), rs.getLong(5)));
                    }
                }
                return changes;
            }
        });
    }

    @Override
    public long latestSequence() {
        return jdbc.inTransaction("latest gallery change", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM gallery_changes");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public List<StoredFace> facesOf(long tenantId, String userReference) {
        // The user's id first (unique index on tenant and reference), then its faces by user id (indexed): as one
        // join, Derby scanned and sorted every face of the database for each change (seconds at 10k users, under
        // the tenant's write lock, so a node's own enrolments held up its matches).
        return jdbc.inTransaction("read user faces", c -> {
            OptionalLong userId = JdbcGalleryStore.userId(c, tenantId, userReference);
            if (userId.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement(StoredFaces.SELECT + "WHERE f.user_id = ? ORDER BY f.id")) {
                ps.setLong(1, userId.getAsLong());
                return faces(ps);
            }
        });
    }

    private static List<StoredFace> faces(PreparedStatement ps) throws java.sql.SQLException {
        List<StoredFace> faces = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                faces.add(StoredFaces.read(rs));
            }
        }
        return faces;
    }

    @Override
    public Set<String> groupsOf(long tenantId, String userReference) {
        return jdbc.inTransaction("read user groups", c -> {
            OptionalLong userId = JdbcGalleryStore.userId(c, tenantId, userReference);
            if (userId.isEmpty()) {
                return Set.of();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT g.name FROM user_group_members m JOIN user_groups g "
                    + "ON g.id = m.group_id WHERE m.user_id = ? ORDER BY g.name")) {
                ps.setLong(1, userId.getAsLong());
                Set<String> names = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                return names;
            }
        });
    }

    @Override
    public int prune(long createdBeforeMs) {
        return jdbc.inTransaction("prune gallery changes", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gallery_changes WHERE created_ms < ?")) {
                ps.setLong(1, createdBeforeMs);
                return ps.executeUpdate();
            }
        });
    }
}
