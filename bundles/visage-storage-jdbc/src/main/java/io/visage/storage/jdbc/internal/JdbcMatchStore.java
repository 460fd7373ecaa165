package io.visage.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.face.LivenessResult;
import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.MatchDecision;
import io.visage.api.gallery.Liveness;
import io.visage.api.history.HistoryQuery;
import io.visage.api.storage.MatchStore;

/** Gallery and ID matching transactions in {@code matches}, told apart by {@code kind}. */
@Component(service = MatchStore.class)
public final class JdbcMatchStore implements MatchStore {
    private final Jdbc jdbc;

    @Activate
    public JdbcMatchStore(@Reference ConnectionSource connections) {
        this.jdbc = new Jdbc(connections);
    }

    private static String code(Kind kind) {
        return kind == Kind.GALLERY ? "G" : "I";
    }

    @Override
    public GalleryMatch insert(long tenantId, Kind kind, GalleryMatch match, Optional<byte[]> image,
            Optional<byte[]> secondImage) {
        long at = match.date().toEpochMilli();
        return jdbc.inTransaction("match", c -> {
            Optional<ImageRows.Saved> first = image.isPresent()
                    ? Optional.of(ImageRows.insert(c, tenantId, image.get(), at)) : Optional.empty();
            Optional<ImageRows.Saved> second = secondImage.isPresent()
                    ? Optional.of(ImageRows.insert(c, tenantId, secondImage.get(), at)) : Optional.empty();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO matches (tenant_id, kind, match_key, "
                    + "created_ms, status, message, score, saffe_grade, user_reference, image_id, second_image_id, "
                    + "liveness_score, liveness_threshold) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, tenantId);
                ps.setString(2, code(kind));
                ps.setString(3, match.matchKey());
                ps.setLong(4, at);
                ps.setInt(5, storedCode(match.decision()));
                ps.setString(6, match.decision().name());
                ps.setDouble(7, match.score());
                ps.setDouble(8, match.saffeGrade());
                ps.setString(9, match.userReference().orElse(null));
                ps.setObject(10, first.map(ImageRows.Saved::id).orElse(null), Types.BIGINT);
                ps.setObject(11, second.map(ImageRows.Saved::id).orElse(null), Types.BIGINT);
                Optional<LivenessResult> liveness = match.liveness().result();
                ps.setObject(12, liveness.map(LivenessResult::score).orElse(null), Types.DOUBLE);
                ps.setObject(13, liveness.map(LivenessResult::threshold).orElse(null), Types.DOUBLE);
                ps.executeUpdate();
            }
            return new GalleryMatch(match.matchKey(), match.date(), match.decision(), match.score(),
                    match.saffeGrade(), match.userReference(), first.map(ImageRows.Saved::key), match.liveness(),
                    match.ranking());
        });
    }

    @Override
    public List<GalleryMatch> query(long tenantId, Kind kind, HistoryQuery query) {
        HistorySql sql = new HistorySql("SELECT m.match_key, m.created_ms, m.status, m.message, m.score, "
                + "m.saffe_grade, m.user_reference, i.image_key FROM matches m LEFT JOIN images i ON i.id = m.image_id",
                "m.", tenantId).equal("kind", Optional.of(code(kind))).equal("match_key", query.key())
                .equal("user_reference", query.userReference()).window(query);
        return jdbc.inTransaction("query matches", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.sql.toString())) {
                sql.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<GalleryMatch> matches = new ArrayList<>();
                    while (rs.next()) {
                        matches.add(new GalleryMatch(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                                decision(rs.getInt(3)), rs.getDouble(5), rs.getDouble(6),
                                Optional.ofNullable(rs.getString(7)), Optional.ofNullable(rs.getString(8)),
                                Liveness.OFF, List.of()));
                    }
                    return matches;
                }
            }
        });
    }

    /**
     * The decision as the status column holds it. Rows written before the decision was a type hold these same
     * codes (they were the API's statuses then), so the column and its history stay readable as they are.
     */
    static int storedCode(MatchDecision decision) {
        switch (decision) {
            case MATCH:
                return 200;
            case SPOOF:
                return 403;
            default:
                return 417;
        }
    }

    static MatchDecision decision(int storedCode) {
        switch (storedCode) {
            case 200:
                return MatchDecision.MATCH;
            case 403:
                return MatchDecision.SPOOF;
            default:
                return MatchDecision.NO_MATCH;
        }
    }
}
