package io.visage.api.index;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An in-memory (or otherwise fast) search structure over templates, partitioned by tenant and by
 * embedding model.
 *
 * <p>Implementations are thread-safe: searches may run concurrently with each other and with writes,
 * and a search sees each (tenant, model) partition either before or after a concurrent write, never half
 * of it. The index is derived state; it holds nothing that storage does not, so a consumer rebuilds it
 * with {@link #rebuild} whenever a backend appears (a different backend may replace this service at run
 * time) and applies every committed enrolment, update and deletion to it.
 *
 * <p>Scores are dot products; vectors are expected to be L2-normalised by whoever produced them, which
 * makes the score the cosine similarity. All vectors of one (tenant, model) must have the same dimension.
 */
@ProviderType
public interface TemplateIndex {

    /**
     * Adds a template, replacing any template with the same tenant and template id.
     *
     * @throws IllegalArgumentException when the vector's dimension differs from the other templates of
     *                                  the same tenant and model, or it holds a non-finite value
     */
    void add(IndexEntry entry);

    /** Removes one template; returns whether it was present. Group memberships of its user stay. */
    boolean remove(long tenantId, long templateId);

    /** Removes all templates and group memberships of a user; returns the number of templates removed. */
    int removeUser(long tenantId, String userReference);

    /** Replaces the set of groups a user belongs to (an empty set removes all memberships). */
    void setGroups(long tenantId, String userReference, Set<String> groupNames);

    /** Adds a user to a group; returns false when it already was a member. */
    boolean addToGroup(long tenantId, String userReference, String groupName);

    /** Removes a user from a group; returns false when it was not a member. */
    boolean removeFromGroup(long tenantId, String userReference, String groupName);

    /** Removes a group and every membership of it. */
    void removeGroup(long tenantId, String groupName);

    /** The groups a user belongs to, empty when none or unknown. */
    Set<String> groupsOf(long tenantId, String userReference);

    /**
     * 1:N search: the {@code topN} users of the tenant whose best template of {@code modelKey} scores
     * highest against {@code query}, best first (ties by user reference).
     *
     * @param groupNames when not empty, only users belonging to at least one of these groups are
     *                   considered; an empty set means no restriction
     * @return at most {@code topN} matches; empty when the tenant holds no templates of the model
     * @throws IllegalArgumentException when {@code topN < 1} or the query's dimension differs from the
     *                                  stored templates of the model
     */
    List<UserMatch> search(long tenantId, String modelKey, float[] query, int topN, Set<String> groupNames);

    /** 1:N search without group restriction. */
    default List<UserMatch> search(long tenantId, String modelKey, float[] query, int topN) {
        return search(tenantId, modelKey, query, topN, Set.of());
    }

    /**
     * 1:1 verification: the best score of the user's templates of {@code modelKey} against
     * {@code query}; empty when the user holds no template of that model in this tenant.
     */
    Optional<UserMatch> score(long tenantId, String modelKey, String userReference, float[] query);

    /** Whether the tenant holds any template of the model (the seed's "The gallery is empty."). */
    boolean hasTemplates(long tenantId, String modelKey);

    /** Figures over all tenants. */
    IndexStats stats();

    /** Figures of one tenant. */
    IndexStats stats(long tenantId);

    /** Drops everything of one tenant. */
    void clear(long tenantId);

    /** Drops everything. */
    void clear();

    /**
     * Replaces the whole content with the given templates and memberships, atomically for searches:
     * until it returns, searches see the previous content. Writes issued meanwhile wait and then apply
     * to the new content. The streams are consumed on the calling thread and not closed.
     */
    void rebuild(Stream<IndexEntry> templates, Stream<GroupMembership> memberships);

    /**
     * The {@link IndexChecksum} of everything this index holds, for an index that keeps one (a persistent index
     * does: its consumer compares it with the checksum of storage to tell whether what was re-opened at start is
     * current); empty for one that does not.
     *
     * @since 1.1
     */
    default OptionalLong checksum() {
        return OptionalLong.empty();
    }

    /**
     * Makes what this index re-opened from disk answer as it is, before its consumer has compared it with storage,
     * and returns its {@link #checksum()}; empty (and nothing changes) for an index that holds nothing persisted,
     * which its consumer must {@link #rebuild} before using it. A consumer that resumes an index checks it against
     * storage afterwards (in the background) and rebuilds it when it differs.
     *
     * @since 1.2
     */
    default OptionalLong resume() {
        return OptionalLong.empty();
    }
}
