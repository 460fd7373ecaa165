package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import io.visage.api.storage.GalleryChange;

/** Writes the {@code gallery_changes} row of a store write, inside that write's transaction. */
final class ChangeLog {
    private ChangeLog() {
    }

    static void record(Connection c, long tenantId, GalleryChange.Kind kind, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO gallery_changes (tenant_id, kind, subject, created_ms) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, tenantId);
            ps.setString(2, code(kind));
            ps.setString(3, subject);
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    static String code(GalleryChange.Kind kind) {
        switch (kind) {
            case USER: return "U";
            case USER_DELETED: return "D";
            case GROUP: return "G";
            default: return "T";
        }
    }

    static GalleryChange.Kind kind(String code) {
        switch (code) {
            case "U": return GalleryChange.Kind.USER;
            case "D": return GalleryChange.Kind.USER_DELETED;
            case "G": return GalleryChange.Kind.GROUP;
            case "T": return GalleryChange.Kind.TENANT;
            default: throw new IllegalStateException("unknown gallery change kind " + code);
        }
    }
}
