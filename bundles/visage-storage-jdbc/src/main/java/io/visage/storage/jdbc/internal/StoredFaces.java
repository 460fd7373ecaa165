package io.visage.storage.jdbc.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import io.visage.api.storage.StoredFace;

/** How a stored face is read: one query prefix (add WHERE/ORDER BY) and one row mapping for every store. */
final class StoredFaces {
    static final String SELECT = "SELECT f.id, f.tenant_id, u.user_reference, f.model_name, f.model_version, "
            + "f.template, i.image_key FROM gallery_faces f JOIN gallery_users u ON u.id = f.user_id "
            + "LEFT JOIN images i ON i.id = f.image_id ";

    private StoredFaces() {
    }

    static StoredFace read(ResultSet rs) throws SQLException {
        return new StoredFace(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Templates.decode(rs.getBytes(6)), Optional.ofNullable(rs.getString(7)));
    }
}
