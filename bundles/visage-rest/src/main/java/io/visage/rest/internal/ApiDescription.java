package io.visage.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.cxf.jaxrs.openapi.OpenApiCustomizer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * What the resources' annotations would repeat on every operation of the Saffe API, added to the generated
 * document (/openapi.json) each time it is served: the {@code v0}/{@code v1}/{@code v2} path parameter, the two
 * credential forms OpenAPI can state (query string, headers; the third, form fields, is in every request body's
 * schema) and the seed's general return codes.
 */
final class ApiDescription extends OpenApiCustomizer {
    static final String TITLE = "Visage: the Saffe REST API";
    static final String DESCRIPTION = "Gallery matching (1:1 and 1:N), ID matching, liveness detection and face "
            + "detection. Every answer is JSON with at least status and message; status is also the HTTP status. "
            + "Every path answers under v0, v1 and v2 alike. Credentials (api_user, api_key) are read from the query "
            + "string, url-encoded or multipart form fields (on every method, GET included), or the X-Api-User / "
            + "X-Api-Key headers; every parameter is read from the query string or the form alike.";
    static final String VERSIONED = "/{version}/";
    static final Map<String, SecurityScheme> SECURITY_SCHEMES = securitySchemes();

    private static Map<String, SecurityScheme> securitySchemes() {
        Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
        schemes.put("api_user", apiKey("api_user", SecurityScheme.In.QUERY, "The API user, in the query string"));
        schemes.put("api_key", apiKey("api_key", SecurityScheme.In.QUERY, "The API key, in the query string"));
        schemes.put("X-Api-User", apiKey("X-Api-User", SecurityScheme.In.HEADER, "The API user, as a header"));
        schemes.put("X-Api-Key", apiKey("X-Api-Key", SecurityScheme.In.HEADER, "The API key, as a header"));
        return java.util.Collections.unmodifiableMap(schemes);
    }

    private static SecurityScheme apiKey(String name, SecurityScheme.In in, String description) {
        return new SecurityScheme().type(SecurityScheme.Type.APIKEY).name(name).in(in).description(description);
    }

    @Override
    public void customize(OpenAPI oas) {
        super.customize(oas);
        if (oas.getInfo() != null) {
            // CXF fills in an empty contact and a licence; Visage states neither here.
            oas.getInfo().setContact(null);
            oas.getInfo().setLicense(null);
        }
        if (oas.getPaths() == null) {
            return;
        }
        // Swagger UI's own resource is not part of the API.
        oas.getPaths().keySet().removeIf(path -> path.startsWith("/" + ApiDocsAccess.PATH));
        oas.getPaths().forEach((path, item) -> {
            if (path.startsWith(VERSIONED)) {
                versioned(item);
            } else {
                item.readOperations().forEach(operation -> operation.setSecurity(List.of()));
            }
        });
    }

    private static void versioned(PathItem item) {
        boolean declared = item.getParameters() != null
                && item.getParameters().stream().anyMatch(p -> "version".equals(p.getName()));
        if (!declared) {
            item.addParametersItem(new Parameter().name("version").in("path").required(true)
                    .description("v0, v1 and v2 answer alike (the seed uses v2 for gallery_matches and "
                            + "liveness_detections, v0 for face_detections, v1 elsewhere)")
                    .schema(new StringSchema()._enum(List.of("v0", "v1", "v2"))._default("v1")));
        }
        for (Operation operation : item.readOperations()) {
            operation.setSecurity(List.of(new SecurityRequirement().addList("api_user").addList("api_key"),
                    new SecurityRequirement().addList("X-Api-User").addList("X-Api-Key")));
            if (operation.getResponses() == null) {
                continue;
            }
            general(operation, "400", "Refused (the seed's general return codes)", List.of(
                    example("Missing required parameter.", 400), example("API user not found.", 400),
                    example("API user not allowed.", 400), example("API user role not allowed.", 400),
                    example("Problem trying to process request.", 400),
                    example("There was an error. Try again or contact Saffe for support.", 400)));
            general(operation, "401", ApiDocs.INVALID_CREDENTIALS, List.of(example("Invalid credentials.", 401)));
            general(operation, "413", ApiDocs.TOO_LARGE, List.of(example("Request body too large.", 413)));
            general(operation, "429", ApiDocs.THROTTLED,
                    List.of(example("Too many failed authentications. Try again in 42 seconds.", 429)));
        }
    }

    private static Map.Entry<String, Example> example(String message, int status) {
        return Map.entry(message, new Example().value(Map.of("status", status, "message", message)));
    }

    /** Adds the response, or its examples to the one the operation already documents under that status. */
    private static void general(Operation operation, String status, String description,
            List<Map.Entry<String, Example>> examples) {
        ApiResponse response = operation.getResponses().get(status);
        if (response == null) {
            response = new ApiResponse().description(description).content(new Content().addMediaType(ApiDocs.JSON,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Status"))));
            operation.getResponses().addApiResponse(status, response);
        }
        MediaType json = response.getContent() == null ? null : response.getContent().get(ApiDocs.JSON);
        if (json == null) {
            return;
        }
        Map<String, Example> all = json.getExamples() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(json.getExamples());
        List<Map.Entry<String, Example>> missing = new ArrayList<>(examples);
        missing.removeIf(e -> all.containsKey(e.getKey()));
        missing.forEach(e -> all.put(e.getKey(), e.getValue()));
        json.setExamples(all);
    }
}
