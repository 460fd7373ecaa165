package io.visage.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.storage.EmbeddingStore;
import io.visage.api.storage.FaceToEmbed;
import io.visage.api.storage.GalleryChange;
import io.visage.api.storage.GalleryStats;
import io.visage.api.storage.StoredFace;

/** Active models in {@code tenant_models}; re-embedded templates are extra rows of {@code gallery_faces}. */
@Component(service = EmbeddingStore.class)
public final class JdbcEmbeddingStore implements EmbeddingStore {
    /** Saved images of a tenant, one row per image (its first face), lacking a template of the model. */
    private static final String MISSING = " FROM gallery_faces f JOIN gallery_users u ON u.id = f.user_id "
            + "WHERE f.tenant_id = ? AND f.image_id IS NOT NULL "
            + "AND f.id = (SELECT MIN(h.id) FROM gallery_faces h WHERE h.image_id = f.image_id) "
            + "AND NOT EXISTS (SELECT 1 FROM gallery_faces g WHERE g.image_id = f.image_id "
            + "AND g.model_name = ? AND g.model_version = ?)";

    private final Jdbc jdbc;

    @Activate
    public JdbcEmbeddingStore(@Reference ConnectionSource connections) {
        this.jdbc = new Jdbc(connections);
    }

    @Override
    public Optional<String> activeModel(long tenantId) {
        return jdbc.inTransaction("read active model", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT model_name, model_version FROM tenant_models WHERE tenant_id = ?")) {
                ps.setLong(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1) + ":" + rs.getString(2)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void setActiveModel(long tenantId, String modelName, String modelVersion) {
        jdbc.inTransaction("set active model", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE tenant_models SET model_name = ?, "
                    + "model_version = ?, updated_ms = ? WHERE tenant_id = ?")) {
                update.setString(1, modelName);
                update.setString(2, modelVersion);
                update.setLong(3, System.currentTimeMillis());
                update.setLong(4, tenantId);
                if (update.executeUpdate() > 0) {
                    ChangeLog.record(c, tenantId, GalleryChange.Kind.TENANT, null);
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tenant_models (tenant_id, model_name, "
                    + "model_version, updated_ms) VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, tenantId);
                insert.setString(2, modelName);
                insert.setString(3, modelVersion);
                insert.setLong(4, System.currentTimeMillis());
                insert.executeUpdate();
            }
            ChangeLog.record(c, tenantId, GalleryChange.Kind.TENANT, null);
            return null;
        });
    }

    @Override
    public List<Long> tenantsWithUsers() {
        return jdbc.inTransaction("tenants", c -> {
            // Per API user one probe of the (tenant_id, user_reference) index: DISTINCT over gallery_users read
            // the whole index, every round of the re-embedding worker, however large the galleries.
            try (PreparedStatement ps = c.prepareStatement("SELECT a.id FROM api_users a WHERE EXISTS "
                    + "(SELECT 1 FROM gallery_users u WHERE u.tenant_id = a.id) ORDER BY a.id");
                    ResultSet rs = ps.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
                return ids;
            }
        });
    }

    @Override
    public List<FaceToEmbed> missing(long tenantId, String modelName, String modelVersion, int limit) {
        return jdbc.inTransaction("faces to re-embed", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT f.id, u.user_reference, f.image_id, "
                    + "(SELECT i.content FROM images i WHERE i.id = f.image_id)" + MISSING
                    + " ORDER BY f.id FETCH FIRST ? ROWS ONLY")) {
                ps.setLong(1, tenantId);
                ps.setString(2, modelName);
                ps.setString(3, modelVersion);
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<FaceToEmbed> faces = new ArrayList<>();
                    while (rs.next()) {
                        faces.add(new FaceToEmbed(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBytes(4)));
                    }
                    return faces;
                }
            }
        });
    }

    @Override
    public int countMissing(long tenantId, String modelName, String modelVersion) {
        return jdbc.inTransaction("count faces to re-embed", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + MISSING)) {
                ps.setLong(1, tenantId);
                ps.setString(2, modelName);
                ps.setString(3, modelVersion);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * In one transaction: the face's current owner (and that it still shows the same image), then either the
     * template of the model that image already has (another node or an earlier attempt made it: returned, nothing
     * inserted) or a new row. The returned face is the stored row as storage now holds it (its id, its user's
     * current reference, the image's key), so that the index update made from it matches storage.
     */
    @Override
    public StoredFace addTemplate(long tenantId, FaceToEmbed face, String modelName, String modelVersion,
            float[] vector) {
        return jdbc.inTransaction("re-embedded template", c -> {
            long userId;
            String userReference;
            String imageKey;
            try (PreparedStatement source = c.prepareStatement("SELECT f.user_id, u.user_reference, i.image_key "
                    + "FROM gallery_faces f JOIN gallery_users u ON u.id = f.user_id "
                    + "LEFT JOIN images i ON i.id = f.image_id "
                    + "WHERE f.id = ? AND f.tenant_id = ? AND f.image_id = ?")) {
                source.setLong(1, face.faceId());
                source.setLong(2, tenantId);
                source.setLong(3, face.imageId());
                try (ResultSet rs = source.executeQuery()) {
                    if (!rs.next()) {
                        throw new java.sql.SQLException("face " + face.faceId() + " of image " + face.imageId()
                                + " is gone");
                    }
                    userId = rs.getLong(1);
                    userReference = rs.getString(2);
                    imageKey = rs.getString(3);
                }
            }
            try (PreparedStatement existing = c.prepareStatement(StoredFaces.SELECT + "WHERE f.image_id = ? "
                    + "AND f.model_name = ? AND f.model_version = ? ORDER BY f.id FETCH FIRST 1 ROWS ONLY")) {
                existing.setLong(1, face.imageId());
                existing.setString(2, modelName);
                existing.setString(3, modelVersion);
                try (ResultSet rs = existing.executeQuery()) {
                    if (rs.next()) {
                        return StoredFaces.read(rs);
                    }
                }
            }
            long faceId;
            // A plain INSERT ... VALUES: Derby does not report generated keys of INSERT ... SELECT reliably. The key
            // is read before any other INSERT on this connection: Derby's getGeneratedKeys answers the connection's
            // last identity value (IDENTITY_VAL_LOCAL), which the change log's row would replace with its seq.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gallery_faces (tenant_id, user_id, image_id, "
                    + "model_name, model_version, template, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, tenantId);
                ps.setLong(2, userId);
                ps.setLong(3, face.imageId());
                ps.setString(4, modelName);
                ps.setString(5, modelVersion);
                ps.setBytes(6, Templates.encode(vector));
                ps.setLong(7, System.currentTimeMillis());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    faceId = keys.getLong(1);
                }
            }
            ChangeLog.record(c, tenantId, GalleryChange.Kind.USER, userReference);
            return new StoredFace(faceId, tenantId, userReference, modelName, modelVersion, vector,
                    Optional.ofNullable(imageKey));
        });
    }

    @Override
    public List<String> usersWithoutTemplate(long tenantId, String modelName, String modelVersion) {
        return jdbc.inTransaction("users without template", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT u.user_reference FROM gallery_users u "
                    + "WHERE u.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM gallery_faces f WHERE f.user_id = u.id "
                    + "AND f.model_name = ? AND f.model_version = ?) AND NOT EXISTS (SELECT 1 FROM gallery_faces f "
                    + "WHERE f.user_id = u.id AND f.image_id IS NOT NULL) ORDER BY u.user_reference")) {
                ps.setLong(1, tenantId);
                ps.setString(2, modelName);
                ps.setString(3, modelVersion);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> users = new ArrayList<>();
                    while (rs.next()) {
                        users.add(rs.getString(1));
                    }
                    return users;
                }
            }
        });
    }

    @Override
    public List<String> modelsInUse(long tenantId) {
        return new ArrayList<>(stats(tenantId).templatesPerModel().keySet());
    }

    @Override
    public GalleryStats stats(long tenantId) {
        return jdbc.inTransaction("gallery stats", c -> {
            int users = 0;
            int images = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM gallery_users WHERE "
                    + "tenant_id = ?), (SELECT COUNT(DISTINCT image_id) FROM gallery_faces WHERE tenant_id = ?) "
                    + "FROM api_users WHERE id = ?")) {
                ps.setLong(1, tenantId);
                ps.setLong(2, tenantId);
                ps.setLong(3, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        users = rs.getInt(1);
                        images = rs.getInt(2);
                    }
                }
            }
            Map<String, Integer> perModel = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT model_name, model_version, COUNT(*) FROM "
                    + "gallery_faces WHERE tenant_id = ? GROUP BY model_name, model_version ORDER BY 3 DESC")) {
                ps.setLong(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        perModel.put(rs.getString(1) + ":" + rs.getString(2), rs.getInt(3));
                    }
                }
            }
            return new GalleryStats(tenantId, users, images, perModel);
        });
    }
}
