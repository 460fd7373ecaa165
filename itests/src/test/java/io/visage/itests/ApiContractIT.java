package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import io.visage.itests.Http.Answer;
import io.visage.itests.Http.Form;

/** The seed's general return codes, credentials wherever the seed sends them, and GET /v1/users. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ApiContractIT extends VisageTestSupport {

    private static void assertError(Answer answer, int status, String message) {
        assertEquals(answer.toString(), status, answer.httpStatus);
        assertEquals(answer.toString(), status, answer.status());
        assertEquals(answer.toString(), message, answer.message());
    }

    @Test
    public void credentialsAreAcceptedFromQueryFormsAndHeadersOnEveryVersionPrefix() throws Exception {
        String user = uniqueName("acme");
        String key = addApiUser(user, null);
        Http http = http();
        for (String version : new String[] {"v0", "v1", "v2"}) {
            Answer query = http.get("/" + version + "/users?api_user=" + user + "&api_key=" + key);
            assertEquals(query.toString(), 200, query.httpStatus);
            assertEquals("Succeeded.", query.message());
            assertTrue(query.json.get("users").isArray());
        }
        Answer multipartGet = http.send("GET", "/v1/users",
                Form.multipart().field("api_user", user).field("api_key", key));
        assertEquals(multipartGet.toString(), 200, multipartGet.status());
        Answer urlEncodedGet = http.send("GET", "/v1/users",
                Form.urlEncoded().field("api_user", user).field("api_key", key));
        assertEquals(urlEncodedGet.toString(), 200, urlEncodedGet.status());
        Answer headers = http.get("/v1/users", "X-Api-User", user, "X-Api-Key", key);
        assertEquals(headers.toString(), 200, headers.status());
    }

    @Test
    public void missingCredentialsGive400MissingRequiredParameter() throws Exception {
        assertError(http().get("/v1/users"), 400, "Missing required parameter.");
        assertError(http().get("/v1/users?api_user=someone"), 400, "Missing required parameter.");
        assertError(http().get("/v1/users?api_key=something"), 400, "Missing required parameter.");
    }

    @Test
    public void unknownApiUserGives400() throws Exception {
        assertError(http().get("/v1/users?api_user=nobody-" + System.nanoTime() + "&api_key=x"), 400,
                "API user not found.");
    }

    @Test
    public void wrongKeyGives401InvalidCredentials() throws Exception {
        String user = uniqueName("wrongkey");
        addApiUser(user, null);
        assertError(http().get("/v1/users?api_user=" + user + "&api_key=not-the-key"), 401, "Invalid credentials.");
    }

    @Test
    public void disabledApiUserGives400NotAllowedUntilEnabledAgain() throws Exception {
        String user = uniqueName("disabled");
        String key = addApiUser(user, null);
        assertTrue(executeCommand("visage:api-user-disable " + user).contains("disabled"));
        assertError(http().get("/v1/users?api_user=" + user + "&api_key=" + key), 400, "API user not allowed.");
        executeCommand("visage:api-user-enable " + user);
        assertEquals(200, http().get("/v1/users?api_user=" + user + "&api_key=" + key).status());
    }

    @Test
    public void roleWithoutTheEndpointFamilyGives400RoleNotAllowed() throws Exception {
        String user = uniqueName("detector");
        String key = addApiUser(user, "detection");
        assertError(http().get("/v1/users?api_user=" + user + "&api_key=" + key), 400, "API user role not allowed.");
        assertTrue(executeCommand("visage:api-user-roles " + user + " gallery,detection").contains("gallery"));
        assertEquals(200, http().get("/v1/users?api_user=" + user + "&api_key=" + key).status());
    }

    @Test
    public void rotatedKeyReplacesTheOldOneAtOnce() throws Exception {
        String user = uniqueName("rotate");
        String oldKey = addApiUser(user, null);
        assertEquals(200, http().get("/v1/users?api_user=" + user + "&api_key=" + oldKey).status());
        String output = executeCommand("visage:api-user-rotate-key " + user);
        String newKey = output.substring(output.indexOf("api_key: ") + 9).split("\\R")[0].trim();
        assertError(http().get("/v1/users?api_user=" + user + "&api_key=" + oldKey), 401, "Invalid credentials.");
        assertEquals(200, http().get("/v1/users?api_user=" + user + "&api_key=" + newKey).status());
    }

    @Test
    public void removedApiUserIsNotFoundAndListedNoMore() throws Exception {
        String user = uniqueName("removed");
        String key = addApiUser(user, null);
        assertTrue(executeCommand("visage:api-user-list").contains(user));
        assertTrue(executeCommand("visage:api-user-remove " + user).contains("removed"));
        assertFalse(executeCommand("visage:api-user-list").contains(user));
        assertError(http().get("/v1/users?api_user=" + user + "&api_key=" + key), 400, "API user not found.");
    }

    @Test
    public void shellRefusalsAreOneLineWithoutStackTrace() {
        String duplicate = uniqueName("dup");
        addApiUser(duplicate, null);
        String again = executeCommand("visage:api-user-add " + duplicate);
        assertTrue(again, again.contains("already exists"));
        assertFalse(again, again.contains("Exception"));
        String badRole = executeCommand("visage:api-user-add --roles superuser " + uniqueName("role"));
        assertTrue(badRole, badRole.contains("Unknown role"));
    }

    @Test
    public void nonIntegerTimestampsAreRefusedNamingTheParameter() throws Exception {
        String user = uniqueName("ts");
        String key = addApiUser(user, null);
        String auth = "api_user=" + user + "&api_key=" + key;
        assertError(http().get("/v1/users?" + auth + "&created_gte=yesterday"), 400,
                "Parameter created_gte must be an integer Unix timestamp.");
        assertError(http().get("/v1/users?" + auth + "&created_lt=1.5"), 400,
                "Parameter created_lt must be an integer Unix timestamp.");
        Answer blank = http().get("/v1/users?" + auth + "&created_gte=&created_lt=&limit=&user_reference=");
        assertEquals(blank.toString(), 200, blank.status());
    }

    @Test
    public void userQueryOfAFreshTenantIsEmptyWhateverTheFilters() throws Exception {
        String user = uniqueName("query");
        String key = addApiUser(user, null);
        Answer answer = http().get("/v1/users?api_user=" + user + "&api_key=" + key
                + "&user_reference=user_01&created_gte=1565793420&created_lt=1893456000&limit=3");
        assertEquals(answer.toString(), 200, answer.httpStatus);
        assertEquals("{\"status\":200,\"message\":\"Succeeded.\",\"users\":[]}", answer.body);
    }

    @Test
    public void unknownPathsAndMethodsAnswerJson() throws Exception {
        assertError(http().get("/v1/no_such_resource"), 404, "Resource not found.");
        assertError(http().get("/v9/users"), 404, "Resource not found.");
        Answer patch = http().send("PATCH", "/v1/users", null);
        assertEquals(patch.toString(), 405, patch.status());
    }

    @Test
    public void brokenMultipartBodyIsAJsonClientError() throws Exception {
        Answer answer = http().send("GET", "/v1/users", null, "Content-Type", "multipart/form-data; boundary=xyz");
        assertEquals(answer.toString(), 400, answer.httpStatus);
        assertEquals(400, answer.status());
    }

    @Test
    public void apiKeysNeverAppearInTheServerLog() throws Exception {
        String user = uniqueName("secret");
        String key = addApiUser(user, null);
        http().get("/v1/users?api_user=" + user + "&api_key=" + key);
        http().get("/v1/users?api_user=" + user + "&api_key=" + key + "&created_gte=bad");
        http().send("GET", "/v1/users", Form.multipart().field("api_user", user).field("api_key", key));
        assertFalse("the API key was logged", karafLog().contains(key));
    }
}
