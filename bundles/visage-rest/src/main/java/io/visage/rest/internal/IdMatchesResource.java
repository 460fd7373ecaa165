package io.visage.rest.internal;

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
import io.visage.api.gallery.IdMatchRequest;
import io.visage.api.tenant.EndpointFamily;

/** {@code /v1/id_matches}: a selfie against the portrait on an ID document; and their history. */
@Component(service = SaffeResource.class)
@Path("{version: v[012]}/id_matches")
@Produces(MediaType.APPLICATION_JSON)
@Family(EndpointFamily.ID_MATCH)
public final class IdMatchesResource extends Resource implements SaffeResource {
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
        GalleryMatch match = gallery().idMatch(tenant(), new IdMatchRequest(request.requiredFile("match_image"),
                request.requiredFile("id_image"), request.flag("liveness", true), request.flag("save_image", true)));
        Map<String, Object> result = Json.object();
        result.put("date", Json.date(match.date()));
        result.put("liveness", LivenessJson.idMatch(match.liveness()));
        result.put("match_key", match.matchKey());
        result.put("message", MatchWording.idMessage(match));
        result.put("saffe_grade", Json.score(match.saffeGrade()));
        result.put("score", Json.score(match.score()));
        result.put("status", MatchWording.status(match.decision()));
        Map<String, Object> body = Json.status(200, "Request OK");
        body.put("id_match", result);
        return Json.respond(body);
    }

    @GET
    public Response history() {
        List<Map<String, Object>> matches = gallery().idMatches(tenant(), request().history("match_key")).stream()
                .map(match -> {
                    Map<String, Object> json = Json.object();
                    json.put("date", Json.date(match.date()));
                    json.put("match_key", match.matchKey());
                    json.put("score", Json.score(match.score()));
                    json.put("status", MatchWording.status(match.decision()));
                    return json;
                }).collect(Collectors.toList());
        Map<String, Object> body = Json.status(200, "Succeeded.");
        body.put("id_matches", matches);
        return Json.respond(body);
    }
}
