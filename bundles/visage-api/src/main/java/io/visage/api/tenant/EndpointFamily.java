package io.visage.api.tenant;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The groups of endpoints a role grants; an API user may call an endpoint only if it holds its family. */
public enum EndpointFamily {
    /** users, user_logs, groups, users_groups, gallery_matches, saved images. */
    GALLERY,
    /** id_matches. */
    ID_MATCH,
    /** liveness_detections. */
    LIVENESS,
    /** face_detections. */
    DETECTION;

    public static Set<EndpointFamily> all() {
        return EnumSet.allOf(EndpointFamily.class);
    }

    /** The lower-case name operators type, e.g. {@code id_match}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EndpointFamily> fromLabel(String label) {
        for (EndpointFamily f : values()) {
            if (f.label().equalsIgnoreCase(label.trim())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
