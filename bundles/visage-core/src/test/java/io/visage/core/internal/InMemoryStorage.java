package io.visage.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserLog;
import io.visage.api.gallery.UserQuery;
import io.visage.api.history.HistoryQuery;
import io.visage.api.index.GroupMembership;
import io.visage.api.storage.DuplicateException;
import io.visage.api.storage.EmbeddingStore;
import io.visage.api.storage.FaceToEmbed;
import io.visage.api.storage.GalleryStats;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.GroupStore;
import io.visage.api.storage.MatchStore;
import io.visage.api.storage.NewFace;
import io.visage.api.storage.StoredFace;

/**
 * The storage SPI in memory, for use-case tests: names compared exactly (as the JDBC stores do on
 * PostgreSQL), every method one atomic step. Counts the calls that change something.
 */
final class InMemoryStorage implements GalleryStore, GroupStore, MatchStore, EmbeddingStore {
    /** How often every stored face was read ({@link #forEachFace}). */
    volatile int faceScans;
    /** How many pages of faces were read ({@link #facesAfter}). */
    volatile int pagesRead;
    /** Runs before {@link #forEachFace} reads (outside the lock): a test holds a read of every face open. */
    volatile Runnable beforeFaceScan = () -> {
    };
    private record User(String reference, Instant created, List<StoredFace> faces) {
    }

    private final Map<Long, Map<String, User>> users = new HashMap<>();
    private final Map<Long, TreeMap<String, TreeSet<String>>> groups = new HashMap<>();
    private final Map<String, byte[]> images = new HashMap<>();
    private final List<UserLog> logs = new ArrayList<>();
    private final Map<Long, List<GalleryMatch>> matches = new HashMap<>();
    private final Map<Long, String> activeModels = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    int writes;

    private Map<String, User> users(long tenant) {
        return users.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
    }

    private TreeMap<String, TreeSet<String>> groups(long tenant) {
        return groups.computeIfAbsent(tenant, t -> new TreeMap<>());
    }

    // ---- gallery ----

    @Override
    public synchronized List<GalleryUser> queryUsers(long tenantId, UserQuery query) {
        return users(tenantId).values().stream()
                .filter(u -> query.userReference().map(u.reference()::equals).orElse(true))
                .map(u -> new GalleryUser(u.reference(), u.created(),
                        u.faces().stream().flatMap(f -> f.imageKey().stream()).findFirst()))
                .toList();
    }

    @Override
    public synchronized int countUsers(long tenantId) {
        return users(tenantId).size();
    }

    @Override
    public synchronized boolean hasUsers(long tenantId) {
        return !users(tenantId).isEmpty();
    }

    @Override
    public synchronized boolean userExists(long tenantId, String userReference) {
        return users(tenantId).containsKey(userReference);
    }

    @Override
    public synchronized StoredFace createUser(long tenantId, String userReference, NewFace face) {
        if (users(tenantId).containsKey(userReference)) {
            throw new DuplicateException("user " + userReference, null);
        }
        writes++;
        User user = new User(userReference, Instant.now(), new ArrayList<>());
        users(tenantId).put(userReference, user);
        logs.add(new UserLog(userReference, Instant.now(), "create"));
        return addTo(tenantId, user, face);
    }

    private StoredFace addTo(long tenantId, User user, NewFace face) {
        Optional<String> key = face.image().map(bytes -> {
            String imageKey = "img" + ids.incrementAndGet();
            images.put(tenantId + "/" + imageKey, bytes);
            return imageKey;
        });
        StoredFace stored = new StoredFace(ids.incrementAndGet(), tenantId, user.reference(), face.modelName(),
                face.modelVersion(), face.vector(), key);
        user.faces().add(stored);
        return stored;
    }

    @Override
    public synchronized Optional<StoredFace> addFace(long tenantId, String userReference, NewFace face) {
        User user = users(tenantId).get(userReference);
        if (user == null) {
            return Optional.empty();
        }
        writes++;
        logs.add(new UserLog(userReference, Instant.now(), "update"));
        return Optional.of(addTo(tenantId, user, face));
    }

    @Override
    public synchronized boolean deleteUser(long tenantId, String userReference) {
        User user = users(tenantId).remove(userReference);
        if (user == null) {
            return false;
        }
        writes++;
        user.faces().forEach(f -> f.imageKey().ifPresent(k -> images.remove(tenantId + "/" + k)));
        groups(tenantId).values().forEach(members -> members.remove(userReference));
        logs.add(new UserLog(userReference, Instant.now(), "delete"));
        return true;
    }

    @Override
    public synchronized List<UserLog> userLogs(long tenantId, HistoryQuery query) {
        return logs.stream().filter(l -> query.userReference().map(l.userReference()::equals).orElse(true)).toList();
    }

    @Override
    public void forEachFace(Consumer<StoredFace> consumer) {
        beforeFaceScan.run();
        scanFaces(consumer);
    }

    @Override
    public synchronized List<StoredFace> facesAfter(long afterFaceId, int max) {
        pagesRead++;
        List<StoredFace> all = new ArrayList<>();
        users.values().forEach(tenant -> tenant.values().forEach(u -> all.addAll(u.faces())));
        return all.stream().filter(f -> f.faceId() > afterFaceId)
                .sorted(java.util.Comparator.comparingLong(StoredFace::faceId)).limit(max).toList();
    }

    private synchronized void scanFaces(Consumer<StoredFace> consumer) {
        faceScans++;
        users.values().forEach(tenant -> tenant.values().forEach(u -> u.faces().forEach(consumer)));
    }

    @Override
    public synchronized Map<String, String> firstImageKeys(long tenantId, Collection<String> userReferences) {
        Map<String, String> keys = new HashMap<>();
        for (String reference : userReferences) {
            User user = users(tenantId).get(reference);
            if (user != null) {
                user.faces().stream().flatMap(f -> f.imageKey().stream()).findFirst()
                        .ifPresent(k -> keys.put(reference, k));
            }
        }
        return keys;
    }

    @Override
    public synchronized Optional<byte[]> image(long tenantId, String imageKey) {
        return Optional.ofNullable(images.get(tenantId + "/" + imageKey));
    }

    // ---- groups ----

    @Override
    public synchronized boolean create(long tenantId, String groupName) {
        writes++;
        return groups(tenantId).putIfAbsent(groupName, new TreeSet<>()) == null;
    }

    @Override
    public synchronized boolean exists(long tenantId, String groupName) {
        return groups(tenantId).containsKey(groupName);
    }

    @Override
    public synchronized List<String> names(long tenantId) {
        return List.copyOf(groups(tenantId).keySet());
    }

    @Override
    public synchronized boolean delete(long tenantId, String groupName) {
        writes++;
        return groups(tenantId).remove(groupName) != null;
    }

    @Override
    public synchronized boolean addMember(long tenantId, String groupName, String userReference) {
        if (!groups(tenantId).containsKey(groupName) || !users(tenantId).containsKey(userReference)) {
            throw new IllegalStateException("group or user missing; check before adding");
        }
        writes++;
        return groups(tenantId).get(groupName).add(userReference);
    }

    @Override
    public synchronized boolean removeMember(long tenantId, String groupName, String userReference) {
        TreeSet<String> members = groups(tenantId).get(groupName);
        writes++;
        return members != null && members.remove(userReference);
    }

    @Override
    public synchronized Map<String, List<String>> members(long tenantId) {
        Map<String, List<String>> members = new LinkedHashMap<>();
        groups(tenantId).forEach((name, refs) -> members.put(name, List.copyOf(refs)));
        return members;
    }

    @Override
    public synchronized List<GroupMembership> allMemberships() {
        List<GroupMembership> all = new ArrayList<>();
        groups.forEach((tenant, byName) -> byName.forEach((name, refs) ->
                refs.forEach(ref -> all.add(new GroupMembership(tenant, ref, name)))));
        return all;
    }

    // ---- matches ----

    @Override
    public synchronized GalleryMatch insert(long tenantId, Kind kind, GalleryMatch match, Optional<byte[]> image,
            Optional<byte[]> secondImage) {
        Optional<String> key = image.map(bytes -> {
            String imageKey = "probe" + ids.incrementAndGet();
            images.put(tenantId + "/" + imageKey, bytes);
            return imageKey;
        });
        GalleryMatch stored = new GalleryMatch(match.matchKey(), match.date(), match.decision(), match.score(),
                match.saffeGrade(), match.userReference(), key, match.liveness(), match.ranking());
        matches.computeIfAbsent(tenantId * 2 + kind.ordinal(), k -> new ArrayList<>()).add(stored);
        return stored;
    }

    @Override
    public synchronized List<GalleryMatch> query(long tenantId, Kind kind, HistoryQuery query) {
        return matches.getOrDefault(tenantId * 2 + kind.ordinal(), List.of()).stream()
                .filter(m -> query.userReference().map(r -> m.userReference().equals(Optional.of(r))).orElse(true))
                .toList();
    }

    // ---- embedding ----

    @Override
    public synchronized Optional<String> activeModel(long tenantId) {
        return Optional.ofNullable(activeModels.get(tenantId));
    }

    @Override
    public synchronized void setActiveModel(long tenantId, String modelName, String modelVersion) {
        activeModels.put(tenantId, modelName + ":" + modelVersion);
    }

    @Override
    public synchronized List<Long> tenantsWithUsers() {
        return users.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    @Override
    public List<FaceToEmbed> missing(long tenantId, String modelName, String modelVersion, int limit) {
        return List.of();
    }

    @Override
    public int countMissing(long tenantId, String modelName, String modelVersion) {
        return 0;
    }

    @Override
    public StoredFace addTemplate(long tenantId, FaceToEmbed face, String modelName, String modelVersion,
            float[] vector) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public List<String> usersWithoutTemplate(long tenantId, String modelName, String modelVersion) {
        return List.of();
    }

    @Override
    public synchronized List<String> modelsInUse(long tenantId) {
        return activeModel(tenantId).stream().toList();
    }

    @Override
    public synchronized GalleryStats stats(long tenantId) {
        return new GalleryStats(tenantId, users(tenantId).size(), 0, Map.of());
    }
}
