package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserLog;
import io.visage.api.gallery.UserQuery;
import io.visage.api.history.HistoryQuery;
import io.visage.api.storage.GalleryChange;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.NewFace;
import io.visage.api.storage.StoredFace;

/** Gallery users, faces and user logs; every row and every query carries the tenant. */
@Component(service = GalleryStore.class)
public final class JdbcGalleryStore implements GalleryStore {
    private static final int IN_CHUNK = 500;

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
        List<GalleryUser> found = jdbc.inTransaction("query users", c -> {
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
        Map<String, String> images = firstImageKeys(tenantId,
                found.stream().map(GalleryUser::userReference).toList());
        return found.stream().map(u -> new GalleryUser(u.userReference(), u.created(),
                Optional.ofNullable(images.get(u.userReference())))).toList();
    }

    @Override
    public int countUsers(long tenantId) {
        return jdbc.inTransaction("count users", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM gallery_users WHERE tenant_id = ?")) {
                ps.setLong(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public boolean hasUsers(long tenantId) {
        return jdbc.inTransaction("any user", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM gallery_users WHERE tenant_id = ? FETCH FIRST 1 ROWS ONLY")) {
                ps.setLong(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public boolean userExists(long tenantId, String userReference) {
        return jdbc.inTransaction("find user", c -> userId(c, tenantId, userReference).isPresent());
    }

    @Override
    public StoredFace createUser(long tenantId, String userReference, NewFace face) {
        long now = System.currentTimeMillis();
        return jdbc.inTransaction("user " + userReference, c -> {
            long userId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gallery_users (tenant_id, user_reference, "
                    + "created_ms) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, tenantId);
                ps.setString(2, userReference);
                ps.setLong(3, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    userId = keys.getLong(1);
                }
            }
            StoredFace stored = insertFace(c, tenantId, userId, userReference, face, now);
            log(c, tenantId, userReference, "create", now);
            ChangeLog.record(c, tenantId, GalleryChange.Kind.USER, userReference);
            return stored;
        });
    }

    @Override
    public Optional<StoredFace> addFace(long tenantId, String userReference, NewFace face) {
        long now = System.currentTimeMillis();
        return jdbc.inTransaction("add face", c -> {
            OptionalLong userId = userId(c, tenantId, userReference);
            if (userId.isEmpty()) {
                return Optional.empty();
            }
            StoredFace stored = insertFace(c, tenantId, userId.getAsLong(), userReference, face, now);
            log(c, tenantId, userReference, "update", now);
            ChangeLog.record(c, tenantId, GalleryChange.Kind.USER, userReference);
            return Optional.of(stored);
        });
    }

    @Override
    public boolean deleteUser(long tenantId, String userReference) {
        long now = System.currentTimeMillis();
        return jdbc.inTransaction("delete user", c -> {
            OptionalLong userId = userId(c, tenantId, userReference);
            if (userId.isEmpty()) {
                return false;
            }
            // Saved images have no foreign key to faces, so they are deleted here too: after the user row (which
            // cascades to faces and memberships), in the order readers take locks (users, faces, images), so a
            // deletion and a concurrent read never wait on each other in a cycle.
            List<Long> imageIds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT image_id FROM gallery_faces WHERE user_id = ? AND image_id IS NOT NULL")) {
                ps.setLong(1, userId.getAsLong());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        imageIds.add(rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gallery_users WHERE tenant_id = ? AND id = ?")) {
                ps.setLong(1, tenantId);
                ps.setLong(2, userId.getAsLong());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM images WHERE tenant_id = ? AND id = ?")) {
                for (long imageId : imageIds) {
                    ps.setLong(1, tenantId);
                    ps.setLong(2, imageId);
                    ps.addBatch();
                }
                if (!imageIds.isEmpty()) {
                    ps.executeBatch();
                }
            }
            log(c, tenantId, userReference, "delete", now);
            ChangeLog.record(c, tenantId, GalleryChange.Kind.USER_DELETED, userReference);
            return true;
        });
    }

    @Override
    public List<UserLog> userLogs(long tenantId, HistoryQuery query) {
        HistorySql sql = new HistorySql("SELECT user_reference, created_ms, type FROM user_logs", tenantId)
                .equal("user_reference", query.userReference()).equal("type", query.type()).window(query);
        return jdbc.inTransaction("query user logs", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.sql.toString())) {
                sql.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<UserLog> logs = new ArrayList<>();
                    while (rs.next()) {
                        logs.add(new UserLog(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
                    }
                    return logs;
                }
            }
        });
    }

    @Override
    public void forEachFace(Consumer<StoredFace> consumer) {
        jdbc.inOneAttempt("read faces", c -> {
            try (PreparedStatement ps = c.prepareStatement(StoredFaces.SELECT + "ORDER BY f.id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(StoredFaces.read(rs));
                }
            }
            return null;
        });
    }

    @Override
    public List<StoredFace> facesAfter(long afterFaceId, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        return jdbc.inTransaction("read faces", c -> {
            // The page's last id first, from the primary key alone; then the join over that id range only. With
            // FETCH FIRST on the join itself Derby hash-joins the images and sorts every face after afterFaceId
            // for each page (200k faces: 1.3-1.7 s a page, growing with the gallery). OFFSET / FETCH is
            // standard SQL: Derby and PostgreSQL alike.
            long last = Long.MAX_VALUE; // fewer than max left: the rest
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM gallery_faces WHERE id > ? ORDER BY id "
                    + "OFFSET " + (max - 1) + " ROWS FETCH NEXT 1 ROWS ONLY")) {
                ps.setLong(1, afterFaceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        last = rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(StoredFaces.SELECT
                    + "WHERE f.id > ? AND f.id <= ? ORDER BY f.id")) {
                ps.setLong(1, afterFaceId);
                ps.setLong(2, last);
                List<StoredFace> page = new ArrayList<>(Math.min(max, 10_000));
                try (ResultSet rs = ps.executeQuery()) {
                    while (page.size() < max && rs.next()) { // faces added since the first read: next page
                        page.add(StoredFaces.read(rs));
                    }
                }
                return page;
            }
        });
    }

    /**
     * Index lookups instead of one join: each user by (tenant, reference), their faces by user id, the images by
     * id. As a join with an IN list, Derby scanned the tables once its statistics were current (10k users with
     * one saved image each: p50 50-68 ms per 1:N answer).
     */
    @Override
    public Map<String, String> firstImageKeys(long tenantId, Collection<String> userReferences) {
        Map<String, String> keys = new HashMap<>();
        List<String> references = new ArrayList<>(userReferences);
        // In chunks: one query parameter per user, and databases cap the number of parameters.
        for (int from = 0; from < references.size(); from += IN_CHUNK) {
            List<String> chunk = references.subList(from, Math.min(references.size(), from + IN_CHUNK));
            jdbc.inTransaction("image keys", c -> {
                // One full-key lookup of the unique (tenant_id, user_reference) index per user: with an IN list
                // on the reference, Derby (once its statistics show one tenant holding most rows) scans the table.
                Map<Long, String> users = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM gallery_users WHERE tenant_id = ? AND user_reference = ?")) {
                    for (String reference : chunk) {
                        ps.setLong(1, tenantId);
                        ps.setString(2, reference);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                users.put(rs.getLong(1), reference);
                            }
                        }
                    }
                }
                // Each user's faces with an image, oldest first: the first whose image still exists wins.
                List<long[]> faces = new ArrayList<>();
                for (List<Long> ids : chunks(new ArrayList<>(users.keySet()))) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT id, user_id, image_id FROM gallery_faces "
                            + "WHERE user_id IN (" + parameters(ids.size()) + ") AND image_id IS NOT NULL")) {
                        bind(ps, ids);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                faces.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                            }
                        }
                    }
                }
                Map<Long, String> imageKeys = new HashMap<>();
                for (List<Long> ids : chunks(faces.stream().map(f -> f[2]).distinct().toList())) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT id, image_key FROM images WHERE id IN ("
                            + parameters(ids.size()) + ")")) {
                        bind(ps, ids);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                imageKeys.put(rs.getLong(1), rs.getString(2));
                            }
                        }
                    }
                }
                faces.sort(java.util.Comparator.comparingLong(f -> f[0]));
                for (long[] face : faces) {
                    String key = imageKeys.get(face[2]);
                    if (key != null) {
                        keys.putIfAbsent(users.get(face[1]), key);
                    }
                }
                return null;
            });
        }
        return keys;
    }

    private static String parameters(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + IN_CHUNK)));
        }
        return chunks;
    }

    private static void bind(PreparedStatement ps, List<Long> ids) throws SQLException {
        int index = 1;
        for (long id : ids) {
            ps.setLong(index++, id);
        }
    }

    @Override
    public Optional<byte[]> image(long tenantId, String imageKey) {
        return jdbc.inTransaction("read image", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT content FROM images WHERE tenant_id = ? AND image_key = ?")) {
                ps.setLong(1, tenantId);
                ps.setString(2, imageKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    static OptionalLong userId(Connection c, long tenantId, String userReference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM gallery_users WHERE tenant_id = ? AND user_reference = ?")) {
            ps.setLong(1, tenantId);
            ps.setString(2, userReference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static StoredFace insertFace(Connection c, long tenantId, long userId, String userReference, NewFace face,
            long now) throws SQLException {
        Optional<ImageRows.Saved> image = Optional.empty();
        if (face.image().isPresent()) {
            image = Optional.of(ImageRows.insert(c, tenantId, face.image().get(), now));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gallery_faces (tenant_id, user_id, image_id, "
                + "model_name, model_version, template, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, tenantId);
            ps.setLong(2, userId);
            ps.setObject(3, image.map(ImageRows.Saved::id).orElse(null), java.sql.Types.BIGINT);
            ps.setString(4, face.modelName());
            ps.setString(5, face.modelVersion());
            ps.setBytes(6, Templates.encode(face.vector()));
            ps.setLong(7, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new StoredFace(keys.getLong(1), tenantId, userReference, face.modelName(), face.modelVersion(),
                        face.vector(), image.map(ImageRows.Saved::key));
            }
        }
    }

    private static void log(Connection c, long tenantId, String userReference, String type, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO user_logs (tenant_id, user_reference, type, created_ms) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, tenantId);
            ps.setString(2, userReference);
            ps.setString(3, type);
            ps.setLong(4, now);
            ps.executeUpdate();
        }
    }
}
