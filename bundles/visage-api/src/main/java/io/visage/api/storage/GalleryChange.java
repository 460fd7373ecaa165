package io.visage.api.storage;

import java.util.Objects;

/**
 * One committed change of what an index holds, as another node sharing the database learns of it from the
 * {@link ChangeFeed}. It says what changed, not how: a follower re-reads the current state of its subject.
 *
 * @param sequence  position in the feed; increasing in insertion order (commits may land out of that order)
 * @param tenantId  the tenant it concerns
 * @param kind      what changed
 * @param subject   the user reference ({@link Kind#USER}, {@link Kind#USER_DELETED}) or group name
 *                  ({@link Kind#GROUP}); null for
 *                  {@link Kind#TENANT}
 * @param createdMs when it was written, epoch milliseconds
 */
public record GalleryChange(long sequence, long tenantId, Kind kind, String subject, long createdMs) {

    public enum Kind {
        /** A user was created, got another template, or its group memberships changed. */
        USER,
        /** A user was deleted (a user of the same reference may have been created since). */
        USER_DELETED,
        /** A group was deleted (its memberships with it). */
        GROUP,
        /** Anything of the tenant may have changed: its active model, or the tenant was deleted. */
        TENANT
    }

    public GalleryChange {
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.TENANT) {
            Objects.requireNonNull(subject, "subject");
        }
    }
}
