package io.visage.api.index;

import java.util.Objects;

/**
 * An order-independent 64-bit checksum of an index's content: the sum (modulo 2<sup>64</sup>) of
 * {@link #of(IndexEntry)} over its templates and {@link #of(GroupMembership)} over its memberships. Adding or
 * removing one element changes the sum by that element's hash, so an index keeps it up to date at no cost, and
 * a consumer compares it with the sum over storage to tell whether a persisted index holds what storage holds.
 */
public final class IndexChecksum {

    private IndexChecksum() {
    }

    /** The hash of one template: tenant, template id, user, model and every bit of the vector. */
    public static long of(IndexEntry entry) {
        return of(entry.tenantId(), entry.templateId(), entry.userReference(), entry.modelKey(), entry.vector());
    }

    /** {@link #of(IndexEntry)} from the entry's parts. */
    public static long of(long tenantId, long templateId, String userReference, String modelKey, float[] vector) {
        long h = mix(tenantId * 0x9E3779B97F4A7C15L + templateId);
        h = mix(h ^ text(Objects.requireNonNull(userReference, "userReference")));
        h = mix(h ^ text(Objects.requireNonNull(modelKey, "modelKey")));
        long v = vector.length;
        for (float f : vector) {
            v = v * 0x100000001B3L + Float.floatToRawIntBits(f);
        }
        return mix(h ^ mix(v)) | 1L; // never 0: 0 is the sum of an empty index
    }

    /** The hash of one group membership. */
    public static long of(GroupMembership membership) {
        return of(membership.tenantId(), membership.userReference(), membership.groupName());
    }

    /** {@link #of(GroupMembership)} from its parts. */
    public static long of(long tenantId, String userReference, String groupName) {
        long h = mix(~tenantId * 0xC2B2AE3D27D4EB4FL);
        h = mix(h ^ text(userReference));
        return mix(h ^ text(groupName) * 31) | 1L;
    }

    private static long text(String s) {
        long h = 0xCBF29CE484222325L; // FNV-1a over UTF-16 units
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    /** The finaliser of SplitMix64: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
