package io.visage.core.internal;

import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.gallery.EnrolmentRequest;
import io.visage.api.gallery.EnrolmentResult;
import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.MatchRequest;
import io.visage.api.gallery.UserQuery;
import io.visage.api.tenant.ApiUser;
import io.visage.api.tenant.EndpointFamily;

/**
 * The gallery service over real in-memory collaborators where the bundle has them (the index life cycle, the
 * embedding models' grades, the pipeline) and small fakes at the API seam (stages, stores, an index).
 */
abstract class GalleryFixture {
    static final ApiUser ACME = tenant(1, "acme");
    static final ApiUser BETA = tenant(2, "beta");

    final InMemoryStorage storage = new InMemoryStorage();
    final BruteForceIndex templates = new BruteForceIndex();
    final GalleryIndex index = new GalleryIndex(storage, storage);
    final GalleryService gallery = service(new GallerySettings(0, 0, 10, Map.of()));

    GalleryFixture() {
        index.bindIndex(templates);
    }

    final GalleryService service(GallerySettings settings) {
        return new DefaultGalleryService(settings, FakeStages.pipeline(), storage, storage, storage,
                (tenant, template) -> "sealed:" + tenant + ":" + template.modelName(), storage,
                new EmbeddingModels(), index);
    }

    static ApiUser tenant(long id, String name) {
        return new ApiUser(id, name, true, EndpointFamily.all(), Instant.EPOCH);
    }

    EnrolmentResult register(ApiUser tenant, String reference, String person) {
        return gallery.register(tenant, new EnrolmentRequest(reference, FakeStages.face(person), true, true, false));
    }

    EnrolmentResult update(ApiUser tenant, String reference, String person) {
        return gallery.update(tenant, new EnrolmentRequest(reference, FakeStages.face(person), true, true, false));
    }

    GalleryMatch verify(ApiUser tenant, String reference, byte[] probe) {
        return gallery.match(tenant, new MatchRequest(probe, Optional.of(reference), 1, List.of(), true, true));
    }

    GalleryMatch identify(ApiUser tenant, byte[] probe, int topN, String... groups) {
        return gallery.match(tenant, new MatchRequest(probe, Optional.empty(), topN, List.of(groups), true, false));
    }

    List<String> references(ApiUser tenant) {
        return gallery.queryUsers(tenant, UserQuery.all()).stream().map(u -> u.userReference()).toList();
    }

    static Refusal refusalOf(Runnable call) {
        return assertThrows(RequestRefusedException.class, call::run).refusal();
    }

    static RequestRefusedException refused(Runnable call) {
        return assertThrows(RequestRefusedException.class, call::run);
    }

    static Set<String> set(String... values) {
        return Set.of(values);
    }
}
