package io.visage.api.index;

/**
 * Size and memory figures of an index or of one tenant's part of it.
 *
 * @param tenants        tenants holding at least one template or group membership
 * @param users          users known to the index (with templates or group memberships)
 * @param templates      templates held
 * @param segments       (tenant, model) partitions searched independently
 * @param vectorBytes    bytes of vector payload ({@code templates * dimension * 4})
 * @param allocatedBytes bytes the backend has allocated for templates (its estimate), including
 *                       spare capacity and per-template bookkeeping
 */
public record IndexStats(int tenants, long users, long templates, int segments, long vectorBytes, long allocatedBytes) {

    public static final IndexStats EMPTY = new IndexStats(0, 0, 0, 0, 0, 0);
}
