package io.visage.storage.jdbc.internal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Inserts saved images inside a caller's transaction. */
final class ImageRows {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ImageRows() {
    }

    /** An unguessable key (143 bits), also the last path segment of the image's URL. */
    static String newKey() {
        char[] key = new char[24];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }

    /** A saved image's row id and key. */
    record Saved(long id, String key) {
    }

    /** @return the new row's id and key */
    static Saved insert(Connection c, long tenantId, byte[] content, long createdMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO images (tenant_id, image_key, content, created_ms) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, tenantId);
            String key = newKey();
            ps.setString(2, key);
            ps.setBytes(3, content);
            ps.setLong(4, createdMs);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Saved(keys.getLong(1), key);
            }
        }
    }
}
