package io.visage.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.face.FaceTemplate;
import io.visage.api.gallery.EnrolmentRequest;
import io.visage.api.gallery.EnrolmentResult;
import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.UserLog;
import io.visage.api.gallery.UserQuery;
import io.visage.api.history.HistoryQuery;
import io.visage.api.storage.DuplicateException;
import io.visage.api.storage.EmbeddingStore;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.NewFace;
import io.visage.api.storage.StoredFace;
import io.visage.api.tenant.ApiUser;

/**
 * Gallery users: registration, a further face, deletion, the listing, the log and saved images. The face
 * pipeline runs before any lock is taken; the database change and its index update run together under the
 * tenant's write lock, and the checks that a concurrent request could make stale are made again inside it.
 */
final class Enrolment {
    private static final Set<String> LOGGED_TYPES = Set.of("create", "update", "delete");

    /** Encrypts a template for the client under the tenant's secret. */
    interface Protection {
        String protect(long tenantId, FaceTemplate template);
    }

    private final GalleryStore gallery;
    private final EmbeddingStore embedding;
    private final GalleryIndex index;
    private final Probes probes;
    private final Protection protection;

    Enrolment(GalleryStore gallery, EmbeddingStore embedding, GalleryIndex index, Probes probes,
            Protection protection) {
        this.gallery = gallery;
        this.embedding = embedding;
        this.index = index;
        this.probes = probes;
        this.protection = protection;
    }

    List<GalleryUser> queryUsers(ApiUser tenant, UserQuery query) {
        UserQuery canonical = new UserQuery(GalleryNames.userReference(query.userReference()), query.createdGte(),
                query.createdLt(), query.limit());
        return index.read(tenant.id(), () -> gallery.queryUsers(tenant.id(), canonical));
    }

    EnrolmentResult register(ApiUser tenant, EnrolmentRequest request) {
        String reference = GalleryNames.userReference(request.userReference());
        if (index.read(tenant.id(), () -> gallery.userExists(tenant.id(), reference))) {
            throw new RequestRefusedException(Refusal.USER_EXISTS, reference);
        }
        return enrol(tenant, reference, request, true);
    }

    EnrolmentResult update(ApiUser tenant, EnrolmentRequest request) {
        String reference = GalleryNames.userReference(request.userReference());
        if (!index.read(tenant.id(), () -> gallery.userExists(tenant.id(), reference))) {
            throw new RequestRefusedException(Refusal.USER_UNKNOWN, reference);
        }
        return enrol(tenant, reference, request, false);
    }

    private EnrolmentResult enrol(ApiUser tenant, String reference, EnrolmentRequest request, boolean create) {
        Probes.Probe probe = probes.forTenant(tenant, request.image(), request.liveness(), probes.qualityGated());
        if (!probe.liveness().passed()) {
            return new EnrolmentResult(false, probe.liveness(), Optional.empty(), Optional.empty());
        }
        FaceTemplate template = probe.template();
        NewFace face = new NewFace(template.modelName(), template.modelVersion(), template.vector(),
                request.saveImage() ? Optional.of(request.image()) : Optional.empty());
        StoredFace stored = index.write(tenant.id(), () -> {
            StoredFace saved = create ? create(tenant, reference, face)
                    : gallery.addFace(tenant.id(), reference, face).orElseThrow(
                            () -> new RequestRefusedException(Refusal.USER_UNKNOWN, reference));
            if (embedding.activeModel(tenant.id()).isEmpty()) {
                embedding.setActiveModel(tenant.id(), template.modelName(), template.modelVersion());
            }
            return saved;
        }, saved -> target -> target.add(saved.indexEntry()));
        Optional<String> protectedTemplate = request.returnTemplate()
                ? Optional.of(protection.protect(tenant.id(), template)) : Optional.empty();
        return new EnrolmentResult(true, probe.liveness(), stored.imageKey(), protectedTemplate);
    }

    private StoredFace create(ApiUser tenant, String reference, NewFace face) {
        try {
            return gallery.createUser(tenant.id(), reference, face);
        } catch (DuplicateException raced) {
            throw new RequestRefusedException(Refusal.USER_EXISTS, reference);
        }
    }

    void delete(ApiUser tenant, String userReference) {
        String reference = GalleryNames.userReference(userReference);
        if (!index.read(tenant.id(), () -> gallery.hasUsers(tenant.id()))) {
            throw new RequestRefusedException(Refusal.GALLERY_UNKNOWN);
        }
        index.write(tenant.id(), () -> {
            if (!gallery.deleteUser(tenant.id(), reference)) {
                throw new RequestRefusedException(Refusal.USER_UNKNOWN, reference);
            }
            return reference;
        }, deleted -> target -> target.removeUser(tenant.id(), deleted));
    }

    List<UserLog> userLogs(ApiUser tenant, HistoryQuery query) {
        query.type().ifPresent(type -> {
            if (!LOGGED_TYPES.contains(type)) {
                throw new RequestRefusedException(Refusal.UNKNOWN_HISTORY_TYPE);
            }
        });
        HistoryQuery canonical = canonical(query);
        return index.read(tenant.id(), () -> gallery.userLogs(tenant.id(), canonical));
    }

    Optional<byte[]> image(ApiUser tenant, String imageKey) {
        return index.read(tenant.id(), () -> gallery.image(tenant.id(), imageKey));
    }

    /** The query with its user reference filter (if any) in the one canonical form. */
    static HistoryQuery canonical(HistoryQuery query) {
        return new HistoryQuery(query.key(), GalleryNames.userReference(query.userReference()), query.dateGte(),
                query.dateLt(), query.limit(), query.type());
    }
}
