package io.visage.rest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.MatchCandidate;
import io.visage.api.gallery.MatchRequest;
import io.visage.api.tenant.EndpointFamily;

/** {@code /v2/gallery_matches}: 1:1 with user_reference, 1:N without; and the history of matches. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/gallery_matches")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.GALLERY)
public final class GalleryMatchesResource extends Resource implements SaffeResource {
    /** Optional and dynamic: while it is away (being swapped), this resource alone answers "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile GalleryService gallery;

    private GalleryService gallery() {
        return available(gallery, GalleryService.class);
    }

    @POST
    public Response match() {
        ApiRequest request = request();
        List<String> groups = new ArrayList<>(request.values("group_name"));
        int topN = request.positiveInt("top_n").orElse(1);
        MatchRequest matchRequest = new MatchRequest(request.requiredFile("image"), request.text("user_reference"),
                topN, groups, request.flag("liveness", true), request.flag("save_image", true));
        GalleryMatch match = gallery().match(tenant(), matchRequest);
        Map<String, Object> result = Json.object();
        result.put("date", Json.date(match.date()));
        result.put("image_url", match.imageKey().map(this::imageUrl).orElse(UsersResource.SAVE_OFF));
        result.put("liveness", LivenessJson.match(match.liveness()));
        result.put("match_key", match.matchKey());
        result.put("message", MatchWording.galleryMessage(match.decision()));
        result.put("saffe_grade", Json.score(match.saffeGrade()));
        result.put("score", Json.score(match.score()));
        result.put("status", MatchWording.status(match.decision()));
        if (matchRequest.userReference().isEmpty()) {
            // The seed names the list after its length: top5 for top_n=5.
            result.put("top" + topN, ranking(match.ranking()));
        }
        Map<String, Object> body = Json.status(200, "Request OK");
        body.put("gallery_match", result);
        return Json.respond(body);
    }

    private List<Map<String, Object>> ranking(List<MatchCandidate> candidates) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            MatchCandidate candidate = candidates.get(i);
            Map<String, Object> entry = Json.object();
            entry.put("image_url", candidate.imageKey().map(this::imageUrl).orElse(null));
            entry.put("label", "top" + (i + 1));
            entry.put("score", Json.score(candidate.score()));
            entry.put("user_name", "");
            entry.put("user_ref", candidate.userReference());
            list.add(entry);
        }
        return list;
    }

    @GET
    public Response history() {
        List<Map<String, Object>> matches = gallery().matches(tenant(), request().history("match_key")).stream()
                .map(match -> {
                    Map<String, Object> json = Json.object();
                    json.put("match_key", match.matchKey());
                    json.put("date", Json.date(match.date()));
                    json.put("status", MatchWording.status(match.decision()));
                    json.put("score", Json.score(match.score()));
                    json.put("image_url", match.imageKey().map(this::imageUrl).orElse(null));
                    json.put("user_reference", match.userReference().orElse(null));
                    json.put("saffe_grade", Json.score(match.saffeGrade()));
                    return json;
                }).collect(Collectors.toList());
        Map<String, Object> body = Json.status(200, "Succeeded.");
        body.put("gallery_matches", matches);
        return Json.respond(body);
    }
}
