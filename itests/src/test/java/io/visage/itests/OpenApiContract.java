package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.visage.itests.Http.Answer;
import io.visage.itests.Http.Form;

/**
 * The checks of {@link OpenApiIT}, apart from it: the test class must not name Jackson's types, which the
 * container only has once Visage's features are installed (a class that failed to load once stays failed).
 */
final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete");
    /** The seed collection's requests, method and path (its version segment as {version}). */
    static final List<String> SEED_ENDPOINTS = List.of("POST /{version}/users", "PUT /{version}/users",
            "DELETE /{version}/users", "GET /{version}/users", "GET /{version}/user_logs", "POST /{version}/groups",
            "GET /{version}/groups", "DELETE /{version}/groups", "POST /{version}/users_groups",
            "GET /{version}/users_groups", "DELETE /{version}/users_groups", "POST /{version}/gallery_matches",
            "GET /{version}/gallery_matches", "POST /{version}/id_matches", "GET /{version}/id_matches",
            "POST /{version}/liveness_detections", "GET /{version}/liveness_detections", "POST /{version}/face_detections");

    private final Http http;
    private final String apiUser;
    private final String apiKey;

    OpenApiContract(Http http, String apiUser, String apiKey) {
        this.http = http;
        this.apiUser = apiUser;
        this.apiKey = apiKey;
    }

    /** The user and group the operations that need them name: openapi-user, openapi-group. */
    void enrolAUserAndCreateAGroup() throws Exception {
        String auth = "api_user=" + GalleryTestSupport.enc(apiUser) + "&api_key=" + GalleryTestSupport.enc(apiKey);
        Answer enrolled = http.send("POST", "/v1/users?user_reference=openapi-user&liveness=false&" + auth,
                Form.multipart().file("image", VisageTestSupport.image(GalleryTestSupport.PENNY1)));
        assertEquals(enrolled.toString(), 200, enrolled.httpStatus);
        Answer group = http.send("POST", "/v1/groups?group_name=openapi-group&" + auth, null);
        assertEquals(group.toString(), 200, group.httpStatus);
    }

    private JsonNode document() throws Exception {
        Answer answer = http.get("/openapi.json");
        assertEquals(answer.toString(), 200, answer.httpStatus);
        assertNotNull("not JSON: " + answer, answer.json);
        assertTrue(answer.json.get("openapi").asText(), answer.json.get("openapi").asText().startsWith("3."));
        return answer.json;
    }

    private static Set<String> operations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        return operations;
    }

    void everySeedEndpointIsDescribedWithItsVersionsAndCredentials() throws Exception {
        JsonNode document = document();
        Set<String> described = operations(document);
        List<String> expected = new ArrayList<>(SEED_ENDPOINTS);
        expected.addAll(seedCollectionEndpoints());
        for (String endpoint : expected) {
            assertTrue(endpoint + " is not in /openapi.json: " + described, described.contains(endpoint));
        }
        for (String operator : List.of("GET /health", "GET /ready", "GET /metrics", "GET /{version}/images/{key}")) {
            assertTrue(operator + " is not in /openapi.json", described.contains(operator));
        }
        JsonNode users = document.get("paths").get("/{version}/users");
        JsonNode version = users.get("parameters").get(0);
        assertEquals("version", version.get("name").asText());
        assertEquals("[\"v0\",\"v1\",\"v2\"]", version.get("schema").get("enum").toString());
        JsonNode schemes = document.get("components").get("securitySchemes");
        assertEquals("query", schemes.get("api_key").get("in").asText());
        assertEquals("header", schemes.get("X-Api-Key").get("in").asText());
        JsonNode register = users.get("post");
        assertEquals(2, register.get("security").size());
        JsonNode form = schema(document, register.get("requestBody").get("content").get("multipart/form-data").get("schema"));
        assertTrue(form.toString(), form.get("properties").has("api_user") && form.get("properties").has("api_key"));
        assertEquals("binary", form.get("properties").get("image").get("format").asText());
        JsonNode liveness = parameter(register, "liveness");
        assertTrue(liveness.get("description").asText(), liveness.get("description").asText().startsWith("[OPTIONAL] Indicates if liveness"));
        assertEquals("true", liveness.get("schema").get("default").asText());
        assertTrue(register.get("responses").get("200").get("content").get("application/json").get("examples").size() > 0);
        assertFalse("Swagger UI's own resource is not API", document.get("paths").has("/api-docs/{resource}"));
    }

    /** The seed collection beside the test data, when it is there: each of its requests, as method and path. */
    private static Set<String> seedCollectionEndpoints() throws IOException {
        Path seed = Paths.get(System.getProperty("visage.data.dir", ""), "..", "seed", "saffe-api.postman_collection.json");
        Set<String> endpoints = new TreeSet<>();
        if (Files.isRegularFile(seed)) {
            collect(JSON.readTree(seed.toFile()).get("item"), endpoints);
            assertFalse("no request found in " + seed, endpoints.isEmpty());
        }
        return endpoints;
    }

    private static void collect(JsonNode items, Set<String> endpoints) {
        for (JsonNode item : items) {
            if (item.has("item")) {
                collect(item.get("item"), endpoints);
            }
            JsonNode request = item.get("request");
            if (request == null) {
                continue;
            }
            JsonNode url = request.get("url");
            String raw = url.isTextual() ? url.asText() : url.get("raw").asText();
            String path = raw.replaceFirst("^https?://\\{\\{server}}/", "").replaceFirst("\\?.*$", "");
            endpoints.add(request.get("method").asText() + " /" + path.replaceFirst("^[^/]+", "{version}"));
        }
    }

    /** @return how many calls were made */
    int everyOperationAnswersAsDescribedOnEveryVersion() throws Exception {
        JsonNode document = document();
        int called = 0;
        int credentialForm = 0;
        for (String operation : operations(document)) {
            String method = operation.substring(0, operation.indexOf(' '));
            String template = operation.substring(method.length() + 1);
            JsonNode pathItem = document.get("paths").get(template);
            JsonNode described = pathItem.get(method.toLowerCase());
            for (String path : concretePaths(pathItem, template)) {
                Answer answer = call(document, method, path, described, credentialForm++ % 3);
                assertAsDescribed(document, operation + " as " + method + " " + path, described, answer);
                called++;
            }
        }
        return called;
    }

    /** Each value of the version parameter; other path parameters get a value no resource knows. */
    private static List<String> concretePaths(JsonNode pathItem, String template) {
        List<String> versions = new ArrayList<>();
        if (template.contains("{version}")) {
            pathItem.get("parameters").forEach(p -> {
                if ("version".equals(p.get("name").asText())) {
                    p.get("schema").get("enum").forEach(v -> versions.add(v.asText()));
                }
            });
            assertEquals(template, List.of("v0", "v1", "v2"), versions);
        } else {
            versions.add(null);
        }
        List<String> paths = new ArrayList<>();
        for (String version : versions) {
            String path = version == null ? template : template.replace("{version}", version);
            paths.add(path.replaceAll("\\{[^}]+}", "no-such-key"));
        }
        return paths;
    }

    /**
     * Required query parameters get a minimal valid value; the credentials go where {@code form} says (0: query,
     * 1: headers, 2: form fields, for an operation with a form body); file fields get a real face image.
     */
    private Answer call(JsonNode document, String method, String path, JsonNode operation, int form)
            throws Exception {
        boolean secured = operation.has("security") && operation.get("security").size() > 0;
        List<String> query = new ArrayList<>();
        if (operation.has("parameters")) {
            for (JsonNode parameter : operation.get("parameters")) {
                if ("query".equals(parameter.get("in").asText()) && parameter.path("required").asBoolean()) {
                    query.add(parameter.get("name").asText() + "=" + GalleryTestSupport.enc(minimalValue(parameter.get("name").asText())));
                }
            }
        }
        JsonNode body = operation.path("requestBody").path("content").path("multipart/form-data").path("schema");
        Form multipart = null;
        if (!body.isMissingNode()) {
            multipart = Form.multipart();
            Iterator<Map.Entry<String, JsonNode>> fields = schema(document, body).get("properties").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if ("binary".equals(field.getValue().path("format").asText())) {
                    multipart.file(field.getKey(), VisageTestSupport.image(field.getKey().equals("id_image") ? GalleryTestSupport.DOCUMENT_UTO : GalleryTestSupport.PENNY2));
                }
            }
        }
        List<String> headers = new ArrayList<>();
        if (secured) {
            if (form == 2 && multipart != null) {
                multipart.field("api_user", apiUser).field("api_key", apiKey);
            } else if (form == 1) {
                headers.addAll(List.of("X-Api-User", apiUser, "X-Api-Key", apiKey));
            } else {
                query.add("api_user=" + GalleryTestSupport.enc(apiUser) + "&api_key=" + GalleryTestSupport.enc(apiKey));
            }
        }
        String url = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        return http.send(method, url, multipart, headers.toArray(new String[0]));
    }

    private static String minimalValue(String parameter) {
        switch (parameter) {
            case "group_name":
                return "openapi-group";
            default:
                return "openapi-user";
        }
    }

    /** The status is one the operation documents; the body has that response's media type and its schema's fields. */
    private static void assertAsDescribed(JsonNode document, String context, JsonNode operation, Answer answer) {
        JsonNode response = operation.get("responses").get(String.valueOf(answer.httpStatus));
        assertNotNull(context + " answered " + answer + ", documented: " + operation.get("responses").fieldNames().next()
                + "...", response);
        JsonNode json = response.path("content").path("application/json");
        if (json.isMissingNode()) {
            assertFalse(context + ": documented as " + response.path("content").fieldNames().next(), answer.body.isEmpty());
            return;
        }
        assertNotNull(context + ": not JSON: " + answer, answer.json);
        assertEquals(context + ": body status " + answer, answer.httpStatus, answer.status());
        assertTrue(context + ": no message " + answer, answer.json.get("message").isTextual());
        JsonNode schema = schema(document, json.get("schema"));
        JsonNode properties = schema.get("properties");
        assertNotNull(context + ": schema without properties " + schema, properties);
        answer.json.fieldNames().forEachRemaining(name -> assertTrue(context + ": " + name + " is not in the schema "
                + properties, properties.has(name)));
    }

    private static JsonNode schema(JsonNode document, JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            return document.get("components").get("schemas").get(name);
        }
        return schema;
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.get("parameters")) {
            if (name.equals(parameter.get("name").asText())) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + operation);
    }

    void swaggerUiIsServedToLoopbackClientsFromTheWebjar() throws Exception {
        // /api-docs/ sends the browser on to the page with the description's URL; follow it as a browser does.
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        java.net.http.HttpResponse<String> page = browser.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(http.base() + "/api-docs/")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(page.uri() + " " + page.body(), 200, page.statusCode());
        assertTrue(page.body(), page.body().contains("swagger-ui"));
        Answer initializer = http.get("/api-docs/swagger-initializer.js");
        assertEquals(initializer.toString(), 200, initializer.httpStatus);
        assertTrue("Swagger UI is pointed at our description: " + initializer.body,
                initializer.body.contains("/openapi.json"));
        Answer script = http.get("/api-docs/swagger-ui-bundle.js");
        assertEquals(200, script.httpStatus);
        assertTrue(script.body.length() > 100_000);
    }
}
