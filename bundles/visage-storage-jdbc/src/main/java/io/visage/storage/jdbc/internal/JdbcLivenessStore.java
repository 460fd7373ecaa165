package io.visage.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.analysis.LivenessDetection;
import io.visage.api.face.FaceError;
import io.visage.api.history.HistoryQuery;
import io.visage.api.storage.LivenessStore;

/**
 * Liveness transactions in {@code liveness_detections}, their images in {@code images}. A capture refusal is a
 * row whose {@code refusal} names the {@link FaceError}.
 */
@Component(service = LivenessStore.class)
public final class JdbcLivenessStore implements LivenessStore {
    private final Jdbc jdbc;

    @Activate
    public JdbcLivenessStore(@Reference ConnectionSource connections) {
        this.jdbc = new Jdbc(connections);
    }

    @Override
    public void insert(long tenantId, LivenessDetection detection, List<byte[]> images) {
        jdbc.inTransaction("liveness detection", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO liveness_detections "
                    + "(tenant_id, detection_key, created_ms, status, message, score, threshold, refusal) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, tenantId);
                ps.setString(2, detection.detectionKey());
                ps.setLong(3, detection.date().toEpochMilli());
                ps.setInt(4, detection.status());
                ps.setString(5, detection.message());
                ps.setDouble(6, detection.score());
                ps.setDouble(7, detection.threshold());
                if (detection.refusal().isPresent()) {
                    ps.setString(8, detection.refusal().get().name());
                } else {
                    ps.setNull(8, Types.VARCHAR);
                }
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            for (int position = 0; position < images.size(); position++) {
                long imageId = ImageRows.insert(c, tenantId, images.get(position), detection.date().toEpochMilli()).id();
                try (PreparedStatement link = c.prepareStatement(
                        "INSERT INTO liveness_detection_images (detection_id, image_id, position) VALUES (?, ?, ?)")) {
                    link.setLong(1, id);
                    link.setLong(2, imageId);
                    link.setInt(3, position);
                    link.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<LivenessDetection> query(long tenantId, HistoryQuery query) {
        HistorySql sql = new HistorySql("SELECT detection_key, created_ms, status, message, score, threshold, refusal "
                + "FROM liveness_detections", tenantId).equal("detection_key", query.key()).window(query);
        return jdbc.inTransaction("query liveness detections", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.sql.toString())) {
                sql.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<LivenessDetection> result = new ArrayList<>();
                    while (rs.next()) {
                        String refusal = rs.getString(7);
                        result.add(new LivenessDetection(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getInt(3), rs.getString(4), rs.getDouble(5), rs.getDouble(6),
                                refusal == null ? Optional.empty() : Optional.of(FaceError.valueOf(refusal))));
                    }
                    return result;
                }
            }
        });
    }
}
