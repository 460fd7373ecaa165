package io.visage.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.visage.itests.Http.Answer;

/**
 * The seed's Users examples (registration, update, deletion, querying users, user history) with real images,
 * plus saved images, encrypted templates, deletion cascade and failed requests that change nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class GalleryUsersIT extends GalleryTestSupport {

    // ---- User registration ----

    @Test
    public void userRegistration_SuccessLivenessOff() throws Exception {
        Tenant t = tenant("reg-off");
        Answer answer = t.register("user_01", image(PENNY1), "liveness=false");
        assertOk(answer, "User registered successfully.");
        assertFields(answer.body, answer.json, "status", "message", "image_url", "liveness");
        assertImageUrl(answer.body, answer.json.get("image_url"));
        assertFields(answer.body, answer.json.get("liveness"), "message");
        assertEquals(LIVENESS_OFF_ENROLMENT, answer.json.get("liveness").get("message").asText());
        assertEquals(List.of("user_01"), t.userReferences());
    }

    @Test
    public void userRegistration_SuccessLivenessOn() throws Exception {
        Tenant t = tenant("reg-on");
        // liveness defaults to true
        Answer answer = t.register("user_01", image(LIVE), null);
        assertOk(answer, "User registered successfully.");
        assertFields(answer.body, answer.json, "status", "message", "image_url", "liveness");
        assertImageUrl(answer.body, answer.json.get("image_url"));
        JsonNode liveness = answer.json.get("liveness");
        assertFields(answer.body, liveness, "status", "message", "score", "threshold");
        assertEquals(200, liveness.get("status").asInt());
        assertEquals("Live person detected", liveness.get("message").asText());
        double score = assertScore(answer.body, liveness.get("score"));
        double threshold = assertScore(answer.body, liveness.get("threshold"));
        assertTrue(answer.body, score >= threshold);
    }

    @Test
    public void userRegistration_LivenessFail() throws Exception {
        Tenant t = tenant("reg-spoof");
        // The spoof sample passes the capture checks (ACCURACY.md), so it reaches the liveness model.
        Answer answer = t.register("user_01", image(SPOOF), "liveness=true&save_image=true");
        assertEquals(answer.toString(), 403, answer.httpStatus);
        assertEquals(answer.toString(), 403, answer.status());
        assertFields(answer.body, answer.json, "status", "message", "liveness");
        JsonNode liveness = answer.json.get("liveness");
        assertFields(answer.body, liveness, "status", "message", "score", "threshold");
        assertEquals(403, liveness.get("status").asInt());
        assertEquals("the hint is the top-level message", answer.message(), liveness.get("message").asText());
        assertFalse(answer.message().isEmpty());
        double score = assertScore(answer.body, liveness.get("score"));
        assertTrue(answer.body, score < assertScore(answer.body, liveness.get("threshold")));
        // nothing registered, nothing logged
        assertEquals(List.of(), t.userReferences());
        assertEquals(0, t.logCount());
    }

    @Test
    public void userRegistration_LivenessRequirements_ImageInWrongOrientation() throws Exception {
        Tenant t = tenant("reg-orient");
        assertError(t.register("user_01", image(OBAMA_LANDSCAPE), "liveness=true"), 415,
                "The image is in wrong orientation. Must be portrait.");
        assertEquals(List.of(), t.userReferences());
        // The capture checks are liveness requirements: without liveness the same photo enrols.
        assertOk(t.register("user_01", image(OBAMA_LANDSCAPE), "liveness=false"), "User registered successfully.");
    }

    @Test
    public void userRegistration_LivenessRequirements_FaceIsTooClose() throws Exception {
        Tenant t = tenant("reg-close");
        assertError(t.register("user_01", tooClose(), "liveness=true"), 415, "The face is too close.");
        assertEquals(List.of(), t.userReferences());
    }

    @Test
    public void userRegistration_LivenessRequirements_FaceIsTooFar() throws Exception {
        Tenant t = tenant("reg-far");
        assertError(t.register("user_01", tooFar(), "liveness=true"), 415, "The face is too far.");
        assertEquals(List.of(), t.userReferences());
    }

    @Test
    public void userRegistration_LivenessRequirements_FaceDescentralized() throws Exception {
        Tenant t = tenant("reg-centre");
        assertError(t.register("user_01", image(OBAMA_PARTIAL), "liveness=true"), 415,
                "The face is not enough centralized.");
        assertError(t.register("user_01", descentralized(), "liveness=true"), 415,
                "The face is not enough centralized.");
        assertEquals(List.of(), t.userReferences());
    }

    @Test
    public void userRegistration_NoFaceDetected() throws Exception {
        Tenant t = tenant("reg-noface");
        assertError(t.register("user_01", noFace(), "liveness=false"), 400,
                "Could not detect a face. Try another image.");
        assertError(t.register("user_01", noFace(), null), 400, "Could not detect a face. Try another image.");
        assertEquals(List.of(), t.userReferences());
        assertEquals(0, t.logCount());
    }

    @Test
    public void userRegistration_UserAlreadyExists() throws Exception {
        Tenant t = tenant("reg-dup");
        t.enrol("user_01", PENNY1);
        assertError(t.register("user_01", image(PENNY2), "liveness=false"), 400, "User user_01 already exists.");
        // user_reference is case sensitive
        t.enrol("User_01", AMY1);
        assertEquals(List.of("user_01", "User_01"), t.userReferences());
        Answer logs = t.userLogs("type=create");
        assertEquals(logs.body, 2, logs.json.get("user_logs").size());
    }

    @Test
    public void userRegistration_SuccessWithTemplateReturn() throws Exception {
        Tenant t = tenant("reg-tpl");
        Answer answer = t.register("user_01", image(PENNY1), "liveness=false&save_image=true&return_template=true");
        assertOk(answer, "User registered successfully.");
        assertEquals(LIVENESS_OFF_ENROLMENT, answer.json.get("liveness").get("message").asText());
        String template = answer.json.get("template").asText();
        assertOpenPgpMessage(template);
        // return_template defaults to false
        Answer without = t.register("user_02", image(PENNY2), "liveness=false");
        assertFalse(without.body, without.json.has("template"));
    }

    /**
     * The seed's template decodes to an OpenPGP symmetric-key encrypted session key packet (tag 3, v4,
     * AES-256, iterated-and-salted S2K with SHA-256), followed by the encrypted data.
     */
    static void assertOpenPgpMessage(String template) {
        assertTrue(template, template.startsWith("-----BEGIN PGP MESSAGE-----"));
        assertTrue(template, template.trim().endsWith("-----END PGP MESSAGE-----"));
        assertNoVectorIn(template);
        String[] lines = template.trim().split("\\R");
        StringBuilder body = new StringBuilder();
        boolean inBody = false;
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            if (!inBody) {
                inBody = line.isEmpty(); // armour headers end at the first blank line
                continue;
            }
            if (line.startsWith("=")) {
                break; // CRC-24
            }
            body.append(line.trim());
        }
        byte[] packets = Base64.getDecoder().decode(body.toString());
        assertTrue(template, packets.length > 64);
        int tag = (packets[0] & 0x40) != 0 ? packets[0] & 0x3f : (packets[0] & 0x3c) >> 2;
        assertEquals("first packet: symmetric-key encrypted session key", 3, tag);
        int offset = (packets[0] & 0x40) != 0 ? 2 : 2 + ((packets[0] & 0x03) == 1 ? 1 : 0);
        assertEquals("SKESK version", 4, packets[offset]);
        assertEquals("AES-256", 9, packets[offset + 1]);
        assertEquals("iterated and salted S2K", 3, packets[offset + 2]);
        assertEquals("S2K hash SHA-256", 8, packets[offset + 3]);
    }

    // ---- User update ----

    @Test
    public void userUpdate_SuccessfulUpdate() throws Exception {
        Tenant t = tenant("upd");
        t.register("user_01", image(LIVE), "liveness=false");
        Answer answer = t.update("user_01", image(LIVE), null);
        assertOk(answer, "User updated successfully.");
        assertFields(answer.body, answer.json, "status", "message", "image_url", "liveness");
        assertImageUrl(answer.body, answer.json.get("image_url"));
        JsonNode liveness = answer.json.get("liveness");
        assertFields(answer.body, liveness, "status", "message", "score", "threshold");
        assertEquals(200, liveness.get("status").asInt());
        assertEquals("Live person detected", liveness.get("message").asText());
        assertScore(answer.body, liveness.get("score"));
        assertScore(answer.body, liveness.get("threshold"));
        // an update adds an image, never a user
        assertEquals(List.of("user_01"), t.userReferences());
        Answer updates = t.userLogs("type=update");
        assertEquals(updates.body, 1, updates.json.get("user_logs").size());
    }

    @Test
    public void userUpdate_UserNotFound() throws Exception {
        Tenant t = tenant("upd-404");
        t.enrol("user_01", PENNY1);
        assertError(t.update("xpto", image(PENNY2), "liveness=false"), 400, "User xpto not found.");
        assertError(t.update("USER_01", image(PENNY2), "liveness=false"), 400, "User USER_01 not found.");
    }

    @Test
    public void userUpdate_LivenessFail() throws Exception {
        Tenant t = tenant("upd-spoof");
        t.enrol("user_01", PENNY1);
        int logs = t.logCount();
        Answer answer = t.update("user_01", image(SPOOF), null);
        assertAnswer(answer, 403, answer.json.get("liveness").get("message").asText());
        assertEquals(403, answer.json.get("liveness").get("status").asInt());
        assertScore(answer.body, answer.json.get("liveness").get("score"));
        assertEquals("no update logged", logs, t.logCount());
    }

    @Test
    public void userUpdate_LivenessRequirements() throws Exception {
        Tenant t = tenant("upd-capture");
        t.enrol("user_01", PENNY1);
        assertError(t.update("user_01", tooFar(), "liveness=true"), 415, "The face is too far.");
        assertError(t.update("user_01", tooClose(), "liveness=true"), 415, "The face is too close.");
        assertError(t.update("user_01", descentralized(), "liveness=true"), 415, "The face is not enough centralized.");
        assertError(t.update("user_01", image(OBAMA_LANDSCAPE), "liveness=true"), 415,
                "The image is in wrong orientation. Must be portrait.");
        assertEquals(1, t.logCount());
    }

    @Test
    public void userUpdate_SuccessWithTemplateReturn() throws Exception {
        Tenant t = tenant("upd-tpl");
        Answer first = t.register("user_01", image(PENNY1), "liveness=false&return_template=true");
        Answer answer = t.update("user_01", image(PENNY2), "liveness=false&save_image=false&return_template=true");
        assertOk(answer, "User updated successfully.");
        assertEquals(LIVENESS_OFF_ENROLMENT, answer.json.get("liveness").get("message").asText());
        assertEquals(SAVE_IMAGE_OFF, answer.json.get("image_url").asText());
        String template = answer.json.get("template").asText();
        assertOpenPgpMessage(template);
        assertNotEquals("fresh salt and session key per message", first.json.get("template").asText(), template);
    }

    // ---- User deletion ----

    @Test
    public void userDeletion_SuccessfulDeletion() throws Exception {
        Tenant t = tenant("del");
        t.enrol("andre", PENNY1);
        t.enrol("other", AMY1);
        Answer answer = t.delete("andre");
        assertOk(answer, "User deleted.");
        assertFields(answer.body, answer.json, "status", "message");
        assertEquals(List.of("other"), t.userReferences());
        // the reference is free again
        t.enrol("andre", PENNY2);
    }

    @Test
    public void userDeletion_UserNotFound() throws Exception {
        Tenant t = tenant("del-404");
        t.enrol("andre", PENNY1);
        assertError(t.delete("xpto"), 400, "User xpto not found.");
        assertEquals(List.of("andre"), t.userReferences());
    }

    @Test
    public void userDeletion_EmptyGallery() throws Exception {
        Tenant t = tenant("del-empty");
        assertError(t.delete("user_01"), 400, "Gallery for given request not found.");
        assertEquals(0, t.logCount());
    }

    // ---- Querying users ----

    @Test
    public void queryingUsers_GetExactUserByUserReference_AndUserDoesNotExist() throws Exception {
        Tenant t = tenant("q-exact");
        t.enrol("user_01", PENNY1);
        t.enrol("user_010", AMY1);
        Answer answer = t.users("user_reference=user_01");
        assertOk(answer, "Succeeded.");
        assertFields(answer.body, answer.json, "status", "message", "users");
        JsonNode users = answer.json.get("users");
        assertEquals(answer.body, 1, users.size());
        assertFields(answer.body, users.get(0), "user_reference", "created", "image_url");
        assertEquals("user_01", users.get(0).get("user_reference").asText());
        assertDate(answer.body, users.get(0).get("created"));
        assertImageUrl(answer.body, users.get(0).get("image_url"));

        Answer none = t.users("user_reference=nobody");
        assertEquals(none.toString(), "{\"status\":200,\"message\":\"Succeeded.\",\"users\":[]}", none.body);
    }

    @Test
    public void queryingUsers_GetAllUsers_ByCreatedGte_ByCreatedLt_ByInterval_AndLimit() throws Exception {
        Tenant t = tenant("q-window");
        Answer first = t.enrol("u_ref_01", PENNY1);
        t.enrol("u_ref_02", AMY1);
        Instant created2 = assertDate("created", t.users("user_reference=u_ref_02").json.get("users").get(0)
                .get("created"));
        long boundary = nextSecondAfter(created2);
        t.enrol("u_ref_03", HOWARD1);
        t.enrol("u_ref_04", LEONARD1);
        assertTrue(first.body, first.json.has("image_url"));

        Answer all = t.users(null);
        assertOk(all, "Succeeded.");
        assertEquals(List.of("u_ref_01", "u_ref_02", "u_ref_03", "u_ref_04"),
                fieldTexts(all.json.get("users"), "user_reference"));
        Instant previous = Instant.EPOCH;
        for (JsonNode user : all.json.get("users")) {
            Instant created = assertDate(all.body, user.get("created"));
            assertFalse("ordered by creation: " + all.body, created.isBefore(previous));
            previous = created;
            assertImageUrl(all.body, user.get("image_url"));
        }
        assertEquals(List.of("u_ref_01", "u_ref_02"),
                fieldTexts(t.users("created_lt=" + boundary).json.get("users"), "user_reference"));
        assertEquals(List.of("u_ref_03", "u_ref_04"),
                fieldTexts(t.users("created_gte=" + boundary).json.get("users"), "user_reference"));
        assertEquals(List.of("u_ref_03", "u_ref_04"), fieldTexts(t.users("created_gte=" + boundary + "&created_lt="
                + (System.currentTimeMillis() / 1000 + 60)).json.get("users"), "user_reference"));
        assertEquals(List.of("u_ref_03"), fieldTexts(t.users("user_reference=u_ref_03&created_gte=" + boundary)
                .json.get("users"), "user_reference"));
        assertEquals(List.of(), fieldTexts(t.users("user_reference=u_ref_01&created_gte=" + boundary)
                .json.get("users"), "user_reference"));
        assertEquals(List.of("u_ref_01", "u_ref_02"),
                fieldTexts(t.users("limit=2").json.get("users"), "user_reference"));
    }

    // ---- User history ----

    @Test
    public void userHistory_QueryWithResults_AndAnyRegistersFound() throws Exception {
        Tenant t = tenant("logs");
        long start = System.currentTimeMillis() / 1000;
        t.enrol("user_10", PENNY1);
        t.addImage("user_10", PENNY2);
        assertOk(t.delete("user_10"), "User deleted.");
        t.enrol("user_10", PENNY3);
        assertOk(t.delete("user_10"), "User deleted.");
        t.enrol("user_01", AMY1);
        long end = System.currentTimeMillis() / 1000 + 1;

        Answer deletes = t.userLogs("user_reference=user_10&date_gte=" + start + "&date_lt=" + end
                + "&limit=3&type=delete");
        assertOk(deletes, "Succeeded.");
        assertFields(deletes.body, deletes.json, "status", "message", "user_logs");
        JsonNode logs = deletes.json.get("user_logs");
        assertEquals(deletes.body, 2, logs.size());
        for (JsonNode log : logs) {
            assertFields(deletes.body, log, "user_reference", "date", "type");
            assertEquals("user_10", log.get("user_reference").asText());
            assertEquals("delete", log.get("type").asText());
            assertDate(deletes.body, log.get("date"));
        }
        assertEquals(List.of("create", "update", "delete", "create", "delete"),
                fieldTexts(t.userLogs("user_reference=user_10").json.get("user_logs"), "type"));
        assertEquals(List.of("create", "update"),
                fieldTexts(t.userLogs("user_reference=user_10&limit=2").json.get("user_logs"), "type"));
        assertEquals(3, t.userLogs("type=create").json.get("user_logs").size());
        assertEquals(1, t.userLogs("type=update").json.get("user_logs").size());
        assertEquals(0, t.userLogs("date_lt=" + start).json.get("user_logs").size());
        assertEquals(6, t.userLogs("date_gte=" + start).json.get("user_logs").size());

        // "Any registers found": an empty list
        Answer none = t.userLogs("user_reference=user_01&date_gte=" + start + "&date_lt=" + end
                + "&limit=3&type=delete");
        assertEquals(none.toString(), "{\"status\":200,\"message\":\"Succeeded.\",\"user_logs\":[]}", none.body);
    }

    // ---- saved images ----

    @Test
    public void savedImage_IsServedWithItsExactBytesToItsOwnerOnly() throws Exception {
        Tenant owner = tenant("img-owner");
        Tenant other = tenant("img-other");
        byte[] penny = image(PENNY1);
        String url = owner.register("user_01", penny, "liveness=false").json.get("image_url").asText();
        HttpResponse<byte[]> mine = owner.fetch(url);
        assertEquals(200, mine.statusCode());
        assertArrayEquals(penny, mine.body());
        assertTrue(mine.headers().firstValue("Content-Type").orElse("").startsWith("image/png"));
        // the URL listed by GET /v1/users is the same image
        String listed = owner.users("user_reference=user_01").json.get("users").get(0).get("image_url").asText();
        assertArrayEquals(penny, owner.fetch(listed).body());

        HttpResponse<byte[]> theirs = other.fetch(url);
        assertEquals(404, theirs.statusCode());
        assertEquals("{\"status\":404,\"message\":\"Image not found.\"}",
                new String(theirs.body(), StandardCharsets.UTF_8));
        Answer anonymous = http().get(url.substring(url.indexOf("/v1/images/")));
        assertError(anonymous, 400, "Missing required parameter.");
    }

    @Test
    public void saveImageFalse_StoresNoImage() throws Exception {
        Tenant t = tenant("nosave");
        Answer answer = t.register("user_01", image(PENNY1), "liveness=false&save_image=false");
        assertOk(answer, "User registered successfully.");
        assertEquals(SAVE_IMAGE_OFF, answer.json.get("image_url").asText());
        t.enrol("user_02", AMY1);
        JsonNode users = t.users(null).json.get("users");
        assertEquals("user_01", users.get(0).get("user_reference").asText());
        assertFalse(users.toString(), users.get(0).has("image_url"));
        assertTrue(users.toString(), users.get(1).has("image_url"));
        // the unsaved user is still matchable (its template is enrolled)
        Answer match = t.match("user_reference=user_01&liveness=false", image(PENNY2));
        assertEquals(match.body, 200, match.json.get("gallery_match").get("status").asInt());
    }

    // ---- deletion cascade and failed requests ----

    @Test
    public void userDeletion_CascadesToImagesGroupsAndSearchButKeepsTheLogs() throws Exception {
        Tenant t = tenant("cascade");
        String url1 = t.enrol("penny", PENNY1).json.get("image_url").asText();
        String url2 = t.addImage("penny", PENNY2).json.get("image_url").asText();
        t.enrol("amy", AMY1);
        t.enrol("howard", HOWARD1);
        assertOk(t.createGroup("vip"), "Group vip successfully created.");
        assertOk(t.associate("vip", "penny"), "User successfully associated to the Group.");
        assertOk(t.associate("vip", "amy"), "User successfully associated to the Group.");
        Answer before = t.match("top_n=3&liveness=false", image(PENNY3));
        assertEquals(before.body, "penny", before.json.get("gallery_match").get("top3").get(0).get("user_ref").asText());
        assertEquals(200, t.fetch(url1).statusCode());

        assertOk(t.delete("penny"), "User deleted.");

        assertEquals(404, t.fetch(url1).statusCode());
        assertEquals(404, t.fetch(url2).statusCode());
        assertEquals(List.of("amy", "howard"), t.userReferences());
        Answer memberships = t.get("/v1/users_groups", null);
        assertEquals(memberships.body, List.of("amy"), texts(memberships.json.get("groups").get("vip")));
        Answer after = t.match("top_n=3&liveness=false", image(PENNY3));
        JsonNode match = after.json.get("gallery_match");
        assertEquals(after.body, 417, match.get("status").asInt());
        assertEquals(after.body, List.of("amy", "howard").size(), match.get("top3").size());
        assertFalse(after.body, fieldTexts(match.get("top3"), "user_ref").contains("penny"));
        Answer inGroup = t.match("group_name=vip&top_n=3&liveness=false", image(PENNY3));
        assertEquals(inGroup.body, List.of("amy"), fieldTexts(inGroup.json.get("gallery_match").get("top3"),
                "user_ref"));
        assertError(t.match("user_reference=penny&liveness=false", image(PENNY3)), 400, "User not found.");
        assertEquals(List.of("create", "update", "delete"),
                fieldTexts(t.userLogs("user_reference=penny").json.get("user_logs"), "type"));
    }

    @Test
    public void failedRequests_ChangeNothing() throws Exception {
        Tenant t = tenant("failed");
        t.enrol("user_01", PENNY1);
        String before = t.users(null).body;
        int logs = t.logCount();

        assertError(t.register("user_02", corrupted(OBAMA), "liveness=false"), 400, "Image is probably corrupted.");
        assertError(t.update("user_01", corrupted(OBAMA), "liveness=false"), 400, "Image is probably corrupted.");
        assertAnswer(t.register("user_03", image(SPOOF), null), 403, t.register("user_03", image(SPOOF), null)
                .json.get("liveness").get("message").asText());
        assertError(t.register("user_04", noFace(), "liveness=false"), 400,
                "Could not detect a face. Try another image.");
        assertError(t.register("user_05", image(PENNY2), "liveness=maybe"), 400,
                "Parameter liveness must be true or false.");
        assertError(t.upload("POST", "/v1/users", "user_reference=user_06"), 400, "Missing required parameter.");
        assertError(t.match("liveness=false", corrupted(OBAMA)), 400, "Image is probably corrupted.");

        assertEquals(before, t.users(null).body);
        assertEquals(logs, t.logCount());
        assertEquals("[]", t.matches(null).json.get("gallery_matches").toString());
        // and the failed references are still free
        t.enrol("user_02", AMY1);
    }

    @Test
    public void references_AnyTextRoundTrips_OnEveryVersionPrefix() throws Exception {
        Tenant t = tenant("refs");
        String reference = "Jos\u00e9 N\u00fa\u00f1ez/01 & co+";
        assertOk(t.upload("POST", "/v0/users", "user_reference=" + enc(reference) + "&liveness=false", "image",
                image(PENNY1)), "User registered successfully.");
        assertEquals(List.of(reference), t.userReferences());
        Answer exact = t.get("/v2/users", "user_reference=" + enc(reference));
        assertEquals(exact.body, reference, exact.json.get("users").get(0).get("user_reference").asText());
        assertOk(t.createGroup("gr\u00fcn"), "Group gr\u00fcn successfully created.");
        assertOk(t.associate("gr\u00fcn", reference), "User successfully associated to the Group.");
        Answer members = t.get("/v1/users_groups", null);
        assertEquals(members.body, List.of(reference), texts(members.json.get("groups").get("gr\u00fcn")));
        Answer match = t.upload("POST", "/v1/gallery_matches", "user_reference=" + enc(reference)
                + "&liveness=false", "image", image(PENNY2));
        assertEquals(match.body, MATCH, match.json.get("gallery_match").get("message").asText());
        assertEquals(List.of(reference), fieldTexts(t.matches(null).json.get("gallery_matches"), "user_reference"));
        assertOk(t.delete(reference), "User deleted.");
        assertEquals(List.of(), t.userReferences());
    }

    @Test
    public void parameters_AreValidatedWithTheSeedsMessages() throws Exception {
        Tenant t = tenant("params");
        t.enrol("user_01", PENNY1);
        assertAnswer(t.userLogs("type=rename"), 400, "Parameter type must be one of create, update, delete.");
        assertAnswer(t.userLogs("date_gte=yesterday"), 400, "Parameter date_gte must be an integer Unix timestamp.");
        assertAnswer(t.users("limit=0"), 400, "Parameter limit must be a positive integer.");
        assertAnswer(t.match("top_n=1000&liveness=false", image(PENNY2)), 400,
                "Parameter top_n must be between 1 and 100.");
        assertError(t.register("x".repeat(256), image(PENNY2), "liveness=false"), 400,
                "Parameter user_reference must be at most 255 characters.");
        assertError(t.send("POST", "/v1/users", "user_reference=user_02"), 400, "Missing required parameter.");
        // associating twice leaves one membership
        t.createGroup("g");
        assertOk(t.associate("g", "user_01"), "User successfully associated to the Group.");
        Answer again = t.associate("g", "user_01");
        assertTrue(again.body, again.httpStatus == 200 || again.httpStatus == 400);
        assertEquals(List.of("user_01"), texts(t.get("/v1/users_groups", null).json.get("groups").get("g")));
        assertEquals(List.of("user_01"), t.userReferences());
    }
}
