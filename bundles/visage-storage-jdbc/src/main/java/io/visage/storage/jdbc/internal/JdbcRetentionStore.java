package io.visage.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.storage.RetentionStore;

/** Purges old transactions and the images only they referenced, in one transaction. */
@Component(service = RetentionStore.class)
public final class JdbcRetentionStore implements RetentionStore {
    private final Jdbc jdbc;

    @Activate
    public JdbcRetentionStore(@Reference ConnectionSource connections) {
        this.jdbc = new Jdbc(connections);
    }

    @Override
    public int purgeTransactionsBefore(Instant cutoff) {
        long before = cutoff.toEpochMilli();
        return jdbc.inTransaction("purge transactions", c -> {
            try (PreparedStatement images = c.prepareStatement("DELETE FROM images WHERE id IN (SELECT image_id FROM "
                    + "matches WHERE created_ms < ?) OR id IN (SELECT second_image_id FROM matches WHERE created_ms < ?) "
                    + "OR id IN (SELECT l.image_id FROM liveness_detection_images l JOIN liveness_detections d ON "
                    + "d.id = l.detection_id WHERE d.created_ms < ?)")) {
                images.setLong(1, before);
                images.setLong(2, before);
                images.setLong(3, before);
                images.executeUpdate();
            }
            int purged = 0;
            for (String table : new String[] {"matches", "liveness_detections"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE created_ms < ?")) {
                    ps.setLong(1, before);
                    purged += ps.executeUpdate();
                }
            }
            return purged;
        });
    }
}
