package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.BeforeClass;
import org.junit.Test;

import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

/**
 * The description swagger-core generates from the resources' annotations, as CXF's OpenAPI feature has it generated
 * at run time, after {@link ApiDescription}: every seed operation with its parameters, bodies, credentials, the
 * version parameter and the general return codes; the response schemas name the fields the records serialise.
 */
public class ApiDescriptionTest {
    private static OpenAPI description;

    @BeforeClass
    public static void generate() {
        OpenAPI base = new OpenAPI();
        base.setComponents(new io.swagger.v3.oas.models.Components());
        ApiDescription.SECURITY_SCHEMES.forEach(base.getComponents()::addSecuritySchemes);
        Reader reader = new Reader(new SwaggerConfiguration().openAPI(base));
        description = reader.read(Set.of(UsersResource.class, UserLogsResource.class, GroupsResource.class,
                UsersGroupsResource.class, GalleryMatchesResource.class, IdMatchesResource.class,
                LivenessDetectionsResource.class, FaceDetectionsResource.class, ImagesResource.class,
                HealthResource.class, ReadinessResource.class, MetricsResource.class));
        new ApiDescription().customize(description);
    }

    private static Operation operation(String method, String path) {
        PathItem item = description.getPaths().get(path);
        assertNotNull(path + " is not described: " + description.getPaths().keySet(), item);
        Operation operation = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
        assertNotNull(method + " " + path + " is not described", operation);
        return operation;
    }

    private static Parameter parameter(Operation operation, String name) {
        return operation.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name + " in " + operation.getOperationId()));
    }

    private static List<String> properties(String schema) {
        Schema<?> found = description.getComponents().getSchemas().get(schema);
        assertNotNull("no schema " + schema, found);
        return new ArrayList<>(found.getProperties().keySet());
    }

    @Test
    public void everySeedOperationIsThereUnderTheVersionParameter() {
        Set<String> operations = new TreeSet<>();
        description.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> operations.add(method + " " + path)));
        assertEquals(Set.of("POST /{version}/users", "PUT /{version}/users", "DELETE /{version}/users",
                "GET /{version}/users", "GET /{version}/user_logs", "POST /{version}/groups", "GET /{version}/groups",
                "DELETE /{version}/groups", "POST /{version}/users_groups", "GET /{version}/users_groups",
                "DELETE /{version}/users_groups", "POST /{version}/gallery_matches", "GET /{version}/gallery_matches",
                "POST /{version}/id_matches", "GET /{version}/id_matches", "POST /{version}/liveness_detections",
                "GET /{version}/liveness_detections", "POST /{version}/face_detections", "GET /{version}/images/{key}",
                "GET /health", "GET /ready", "GET /metrics"), operations);
        Parameter version = description.getPaths().get("/{version}/gallery_matches").getParameters().get(0);
        assertEquals("path", version.getIn());
        assertEquals(List.of("v0", "v1", "v2"), version.getSchema().getEnum());
    }

    @Test
    public void parametersCarryTheSeedsDescriptionsAndDefaults() {
        Operation register = operation("POST", "/{version}/users");
        assertTrue(parameter(register, "user_reference").getRequired());
        assertEquals("[OPTIONAL] Indicates if the image is to be saved (true or false) for later retrieval. Default is true.",
                parameter(register, "save_image").getDescription());
        assertEquals(Boolean.TRUE, parameter(register, "liveness").getSchema().getDefault());
        assertEquals(Boolean.FALSE, parameter(register, "return_template").getSchema().getDefault());
        assertEquals(1, parameter(operation("POST", "/{version}/gallery_matches"), "top_n").getSchema().getDefault());
        assertEquals(List.of("create", "update", "delete"),
                parameter(operation("GET", "/{version}/user_logs"), "type").getSchema().getEnum());
    }

    @Test
    public void uploadsAreMultipartBodiesWithTheCredentialFields() {
        MediaType idMatch = operation("POST", "/{version}/id_matches").getRequestBody().getContent().get("multipart/form-data");
        assertEquals("#/components/schemas/IdMatchForm", idMatch.getSchema().get$ref());
        assertEquals(List.of("api_user", "api_key", "match_image", "id_image"), properties("IdMatchForm"));
        Schema<?> image = (Schema<?>) description.getComponents().getSchemas().get("IdMatchForm").getProperties().get("id_image");
        assertEquals("binary", image.getFormat());
        assertEquals(List.of("api_user", "api_key", "image", "quality_measures"), properties("FaceDetectionForm"));
    }

    @Test
    public void credentialsInTheQueryOrHeadersOnTheApiNoneOnOperatorEndpoints() {
        Operation users = operation("GET", "/{version}/users");
        assertEquals(2, users.getSecurity().size());
        assertEquals(Set.of("api_user", "api_key"), users.getSecurity().get(0).keySet());
        assertEquals(Set.of("X-Api-User", "X-Api-Key"), users.getSecurity().get(1).keySet());
        assertTrue(operation("GET", "/health").getSecurity().isEmpty());
        assertEquals("header", description.getComponents().getSecuritySchemes().get("X-Api-Key").getIn().toString());
    }

    @Test
    public void generalReturnCodesOnEveryApiOperationWithTheSeedsExamples() {
        for (Map.Entry<String, PathItem> path : description.getPaths().entrySet()) {
            if (!path.getKey().startsWith(ApiDescription.VERSIONED)) {
                continue;
            }
            for (Operation operation : path.getValue().readOperations()) {
                assertTrue(operation.getResponses().keySet().containsAll(List.of("200", "400", "401", "413", "429")));
            }
        }
        Operation register = operation("POST", "/{version}/users");
        Map<String, io.swagger.v3.oas.models.examples.Example> refused =
                register.getResponses().get("400").getContent().get("application/json").getExamples();
        assertTrue(refused.keySet().toString(), refused.containsKey("User already exists"));
        assertTrue(refused.keySet().toString(), refused.containsKey("API user not found."));
        assertTrue(register.getResponses().containsKey("403"));
        assertTrue(register.getResponses().containsKey("415"));
    }

    @Test
    public void responseSchemasNameTheFieldsTheRecordsWrite() {
        assertEquals(List.of("status", "message", "image_url", "liveness", "template"), properties("Enrolment"));
        assertEquals(List.of("status", "message", "score", "threshold"), properties("EnrolmentLiveness"));
        assertEquals(List.of("date", "image_url", "liveness", "match_key", "message", "saffe_grade", "score", "status"),
                properties("GalleryMatch"));
        assertEquals(List.of("image_url", "label", "score", "user_name", "user_ref"), properties("MatchCandidate"));
        assertEquals(List.of("status", "message", "capture_state", "face_rectangle", "quality_measures"),
                properties("FaceDetection"));
        assertEquals(List.of("top_left", "botton_right", "bottom_right"), properties("FaceRectangle"));
        assertEquals(List.of("status", "message", "missing"), properties("NotReady"));
        assertEquals("#/components/schemas/UserList", operation("GET", "/{version}/users").getResponses().get("200")
                .getContent().get("application/json").getSchema().get$ref());
        assertFalse(description.getPaths().containsKey("/api-docs/{resource}"));
    }
}
