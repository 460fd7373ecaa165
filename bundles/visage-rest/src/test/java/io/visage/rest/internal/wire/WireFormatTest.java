package io.visage.rest.internal.wire;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import io.visage.rest.internal.wire.GalleryMatchAnswer.Candidate;
import io.visage.rest.internal.wire.GalleryMatchAnswer.MatchLiveness;
import io.visage.rest.internal.wire.IdMatchAnswer.IdMatchLiveness;

/**
 * The response records, written by the same Jackson provider the API registers, give exactly the bytes the API
 * sent before they existed (status and message first, then the seed's keys in the seed's order) and, read as
 * JSON, the same document as the seed collection's example responses.
 */
public class WireFormatTest {
    private static final ObjectMapper READER = new ObjectMapper();
    private static final String URL = "https://<server>/<path_to_saved_image>";

    private static String write(Object answer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JacksonJsonProvider().writeTo(answer, answer.getClass(), answer.getClass(), new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Our bytes exactly, and the seed's example as the same JSON document (key order aside). */
    private static void assertWire(String expected, String seedExample, Object answer) throws IOException {
        String written = write(answer);
        assertEquals(expected, written);
        if (seedExample != null) {
            assertEquals(READER.readTree(seedExample), READER.readTree(written));
        }
    }

    @Test
    public void statusAndErrors() throws IOException {
        assertWire("{\"status\":400,\"message\":\"Missing required parameter.\"}", null,
                new Status(400, "Missing required parameter."));
        assertWire("{\"status\":200,\"message\":\"Group successfully deleted.\"}",
                "{\"status\": 200, \"message\": \"Group successfully deleted.\"}", new Status(200, "Group successfully deleted."));
    }

    @Test
    public void notReadyNamesWhatIsMissing() throws IOException {
        assertWire("{\"status\":503,\"message\":\"Not ready.\",\"missing\":[\"storage\",\"index\"]}", null,
                new NotReady(503, "Not ready.", List.of("storage", "index")));
    }

    @Test
    public void enrolmentWithLivenessOn() throws IOException {
        assertWire("{\"status\":200,\"message\":\"User registered successfully.\",\"image_url\":\"" + URL + "\","
                + "\"liveness\":{\"status\":200,\"message\":\"Live person detected\",\"score\":\"4.4233\",\"threshold\":\"1.4152\"}}",
                "{\"status\": 200, \"message\": \"User registered successfully.\", \"image_url\": \"" + URL + "\", \"liveness\": "
                        + "{\"status\": 200, \"message\": \"Live person detected\", \"score\": \"4.4233\", \"threshold\": \"1.4152\"}}",
                new Enrolment(200, "User registered successfully.", URL,
                        new EnrolmentLiveness(200, "Live person detected", "4.4233", "1.4152"), null));
    }

    @Test
    public void enrolmentWithLivenessOffAndTemplateHasNoImageUrlWhenNoneIsGiven() throws IOException {
        String template = "wy4ECQMIDAZQfFAbTUP/Bjd3x2H7ExoSJ...F0MhA1C6JPDRoKTEoU\\nF4YZIovxXuVKOsJv\\n=QDAW";
        assertWire("{\"status\":200,\"message\":\"User registered successfully.\","
                + "\"liveness\":{\"message\":\"liveness set to OFF at the request\"},\"template\":\"" + template + "\"}",
                "{\"status\": 200, \"message\": \"User registered successfully.\", \"liveness\": {\"message\": "
                        + "\"liveness set to OFF at the request\"}, \"template\": \"" + template + "\"}",
                new Enrolment(200, "User registered successfully.", null,
                        EnrolmentLiveness.off("liveness set to OFF at the request"),
                        "wy4ECQMIDAZQfFAbTUP/Bjd3x2H7ExoSJ...F0MhA1C6JPDRoKTEoU\nF4YZIovxXuVKOsJv\n=QDAW"));
    }

    @Test
    public void enrolmentRefusedByLiveness() throws IOException {
        String hint = "Please try to avoid excessive light in the background.";
        assertWire("{\"status\":403,\"message\":\"" + hint + "\",\"liveness\":{\"status\":403,\"message\":\"" + hint
                + "\",\"score\":\"0.1330\",\"threshold\":\"0.3000\"}}", null,
                new Enrolment(403, hint, null, new EnrolmentLiveness(403, hint, "0.1330", "0.3000"), null));
    }

    @Test
    public void usersWithAndWithoutImage() throws IOException {
        assertWire("{\"status\":200,\"message\":\"Succeeded.\",\"users\":[{\"user_reference\":\"u_ref_10\","
                + "\"created\":\"Thu, 15 Aug 2019 11:59:08 GMT\"},{\"user_reference\":\"user_01\","
                + "\"created\":\"Fri, 18 Oct 2019 13:24:02 GMT\",\"image_url\":\"https://<server>/<path_to_user_image>\"}]}",
                "{\"status\": 200, \"message\": \"Succeeded.\", \"users\": [{\"user_reference\": \"u_ref_10\", \"created\": "
                        + "\"Thu, 15 Aug 2019 11:59:08 GMT\"}, {\"user_reference\": \"user_01\", \"created\": "
                        + "\"Fri, 18 Oct 2019 13:24:02 GMT\", \"image_url\": \"https://<server>/<path_to_user_image>\"}]}",
                new UserList(200, "Succeeded.", List.of(new UserList.Entry("u_ref_10", "Thu, 15 Aug 2019 11:59:08 GMT", null),
                        new UserList.Entry("user_01", "Fri, 18 Oct 2019 13:24:02 GMT", "https://<server>/<path_to_user_image>"))));
        assertWire("{\"status\":200,\"message\":\"Succeeded.\",\"users\":[]}",
                "{\"status\": 200, \"message\": \"Succeeded.\", \"users\": []}", new UserList(200, "Succeeded.", List.of()));
    }

    @Test
    public void userLogs() throws IOException {
        assertWire("{\"status\":200,\"message\":\"Succeeded.\",\"user_logs\":[{\"user_reference\":\"user_10\","
                + "\"date\":\"Sun, 10 Nov 2019 16:21:41 GMT\",\"type\":\"delete\"}]}",
                "{\"status\": 200, \"message\": \"Succeeded.\", \"user_logs\": [{\"user_reference\": \"user_10\", "
                        + "\"date\": \"Sun, 10 Nov 2019 16:21:41 GMT\", \"type\": \"delete\"}]}",
                new UserLogList(200, "Succeeded.", List.of(new UserLogList.Entry("user_10", "Sun, 10 Nov 2019 16:21:41 GMT", "delete"))));
    }

    @Test
    public void groupsAndMemberships() throws IOException {
        assertWire("{\"status\":200,\"message\":\"Succeed\",\"groups\":[\"g1\",\"g2\",\"g3\"]}",
                "{\"status\": 200, \"message\": \"Succeed\", \"groups\": [\"g1\", \"g2\", \"g3\"]}",
                new GroupList(200, "Succeed", List.of("g1", "g2", "g3")));
        Map<String, List<String>> memberships = new LinkedHashMap<>();
        memberships.put("group_name1", List.of("user_reference_1"));
        memberships.put("group_name_n", List.of("user_reference_1", "user_reference_m"));
        assertWire("{\"status\":200,\"message\":\"Succeed\",\"groups\":{\"group_name1\":[\"user_reference_1\"],"
                + "\"group_name_n\":[\"user_reference_1\",\"user_reference_m\"]}}",
                "{\"status\": 200, \"message\": \"Succeed\", \"groups\": {\"group_name1\": [\"user_reference_1\"], "
                        + "\"group_name_n\": [\"user_reference_1\", \"user_reference_m\"]}}",
                new MembershipList(200, "Succeed", memberships));
    }

    @Test
    public void oneToOneMatchWithLivenessAndSaveImageOff() throws IOException {
        assertWire("{\"status\":200,\"message\":\"Request OK\",\"gallery_match\":{\"date\":\"Wed, 14 Aug 2019 14:46:37 GMT\","
                + "\"image_url\":\"Save image set to OFF at the request.\",\"liveness\":\"liveness set to OFF at the request.\","
                + "\"match_key\":\"wucMACpFYOV4eeecLH9ObG6z\",\"message\":\"Face image match at Saffe grade.\","
                + "\"saffe_grade\":\"0.4524\",\"score\":\"1.0000\",\"status\":200}}",
                "{\"gallery_match\": {\"date\": \"Wed, 14 Aug 2019 14:46:37 GMT\", \"image_url\": \"Save image set to OFF at the request.\", "
                        + "\"liveness\": \"liveness set to OFF at the request.\", \"match_key\": \"wucMACpFYOV4eeecLH9ObG6z\", "
                        + "\"message\": \"Face image match at Saffe grade.\", \"saffe_grade\": \"0.4524\", \"score\": \"1.0000\", "
                        + "\"status\": 200}, \"message\": \"Request OK\", \"status\": 200}",
                new GalleryMatchAnswer(200, "Request OK", new GalleryMatchAnswer.Result("Wed, 14 Aug 2019 14:46:37 GMT",
                        "Save image set to OFF at the request.", "liveness set to OFF at the request.", "wucMACpFYOV4eeecLH9ObG6z",
                        "Face image match at Saffe grade.", "0.4524", "1.0000", 200, Map.of())));
    }

    @Test
    public void oneToManyMatchListsItsCandidatesLastUnderTopN() throws IOException {
        List<Candidate> top = List.of(new Candidate(null, "top1", "0.2088", "", "u_ref_04"),
                new Candidate(URL, "top2", "0.0761", "", ""));
        assertWire("{\"status\":200,\"message\":\"Request OK\",\"gallery_match\":{\"date\":\"Wed, 14 Aug 2019 15:26:46 GMT\","
                + "\"image_url\":\"" + URL + "\",\"liveness\":{\"score\":\"0.8698\",\"threshold\":\"1.0948\"},"
                + "\"match_key\":\"SZgzIG8g334eE4gI19pgKuh9\",\"message\":\"Match image detected as fraudulent.\","
                + "\"saffe_grade\":\"0.4524\",\"score\":\"0.2088\",\"status\":403,\"top2\":[{\"image_url\":null,"
                + "\"label\":\"top1\",\"score\":\"0.2088\",\"user_name\":\"\",\"user_ref\":\"u_ref_04\"},{\"image_url\":\""
                + URL + "\",\"label\":\"top2\",\"score\":\"0.0761\",\"user_name\":\"\",\"user_ref\":\"\"}]}}",
                "{\"gallery_match\": {\"date\": \"Wed, 14 Aug 2019 15:26:46 GMT\", \"image_url\": \"" + URL + "\", \"liveness\": "
                        + "{\"score\": \"0.8698\", \"threshold\": \"1.0948\"}, \"match_key\": \"SZgzIG8g334eE4gI19pgKuh9\", "
                        + "\"message\": \"Match image detected as fraudulent.\", \"saffe_grade\": \"0.4524\", \"score\": \"0.2088\", "
                        + "\"status\": 403, \"top2\": [{\"image_url\": null, \"label\": \"top1\", \"score\": \"0.2088\", "
                        + "\"user_name\": \"\", \"user_ref\": \"u_ref_04\"}, {\"image_url\": \"" + URL + "\", \"label\": \"top2\", "
                        + "\"score\": \"0.0761\", \"user_name\": \"\", \"user_ref\": \"\"}]}, \"message\": \"Request OK\", \"status\": 200}",
                new GalleryMatchAnswer(200, "Request OK", new GalleryMatchAnswer.Result("Wed, 14 Aug 2019 15:26:46 GMT", URL,
                        new MatchLiveness("0.8698", "1.0948"), "SZgzIG8g334eE4gI19pgKuh9", "Match image detected as fraudulent.",
                        "0.4524", "0.2088", 403, Map.of("top2", top))));
    }

    @Test
    public void galleryMatchHistoryKeepsNulls() throws IOException {
        assertWire("{\"status\":200,\"message\":\"Succeeded.\",\"gallery_matches\":[{\"match_key\":\"wajtBd8SEieWTPgrfWkz0UPS\","
                + "\"date\":\"Mon, 19 Aug 2019 16:56:53 GMT\",\"status\":200,\"score\":\"1.0000\",\"image_url\":\"" + URL + "\","
                + "\"user_reference\":null,\"saffe_grade\":\"0.4524\"}]}",
                "{\"status\": 200, \"message\": \"Succeeded.\", \"gallery_matches\": [{\"match_key\": \"wajtBd8SEieWTPgrfWkz0UPS\", "
                        + "\"date\": \"Mon, 19 Aug 2019 16:56:53 GMT\", \"status\": 200, \"score\": \"1.0000\", \"image_url\": \""
                        + URL + "\", \"user_reference\": null, \"saffe_grade\": \"0.4524\"}]}",
                new GalleryMatchList(200, "Succeeded.", List.of(new GalleryMatchList.Entry("wajtBd8SEieWTPgrfWkz0UPS",
                        "Mon, 19 Aug 2019 16:56:53 GMT", 200, "1.0000", URL, null, "0.4524"))));
    }

    @Test
    public void idMatchAndItsHistory() throws IOException {
        assertWire("{\"status\":200,\"message\":\"Request OK\",\"id_match\":{\"date\":\"Thu, 19 Nov 2020 14:06:31 GMT\","
                + "\"liveness\":{\"message\":\"Live person detected.\",\"score\":\"2.1941\",\"status\":200,\"threshold\":\"1.4152\"},"
                + "\"match_key\":\"FvycXTsJ48WcGEJoq7i2XryA\",\"message\":\"ID successfully matched.\",\"saffe_grade\":\"0.5000\","
                + "\"score\":\"0.8451\",\"status\":200}}",
                "{\"id_match\": {\"date\": \"Thu, 19 Nov 2020 14:06:31 GMT\", \"liveness\": {\"message\": \"Live person detected.\", "
                        + "\"score\": \"2.1941\", \"status\": 200, \"threshold\": \"1.4152\"}, \"match_key\": \"FvycXTsJ48WcGEJoq7i2XryA\", "
                        + "\"message\": \"ID successfully matched.\", \"saffe_grade\": \"0.5000\", \"score\": \"0.8451\", \"status\": 200}, "
                        + "\"message\": \"Request OK\", \"status\": 200}",
                new IdMatchAnswer(200, "Request OK", new IdMatchAnswer.Result("Thu, 19 Nov 2020 14:06:31 GMT", null,
                        new IdMatchLiveness("Live person detected.", "2.1941", 200, "1.4152"), "FvycXTsJ48WcGEJoq7i2XryA",
                        "ID successfully matched.", "0.5000", "0.8451", 200)));
        assertWire("{\"status\":200,\"message\":\"Succeeded.\",\"id_matches\":[{\"date\":\"Mon, 19 Aug 2019 17:06:36 GMT\","
                + "\"match_key\":\"MkPohPZt6GR9iTjm8vBYHJDr\",\"score\":\"0.8517\",\"status\":200}]}",
                "{\"id_matches\": [{\"date\": \"Mon, 19 Aug 2019 17:06:36 GMT\", \"match_key\": \"MkPohPZt6GR9iTjm8vBYHJDr\", "
                        + "\"score\": \"0.8517\", \"status\": 200}], \"message\": \"Succeeded.\", \"status\": 200}",
                new IdMatchList(200, "Succeeded.", List.of(new IdMatchList.Entry("Mon, 19 Aug 2019 17:06:36 GMT",
                        "MkPohPZt6GR9iTjm8vBYHJDr", "0.8517", 200))));
    }

    @Test
    public void livenessDetectionAndItsHistory() throws IOException {
        assertWire("{\"status\":200,\"message\":\"Request OK\",\"liveness\":{\"date\":\"Mon, 19 Aug 2019 17:29:07 GMT\","
                + "\"detection_key\":\"76NXngOneQuSQWizrw6S1cQm\",\"message\":\"Live person detected.\",\"score\":\"2.4470\","
                + "\"status\":200,\"threshold\":\"1.0948\"}}",
                "{\"liveness\": {\"date\": \"Mon, 19 Aug 2019 17:29:07 GMT\", \"detection_key\": \"76NXngOneQuSQWizrw6S1cQm\", "
                        + "\"message\": \"Live person detected.\", \"score\": \"2.4470\", \"status\": 200, \"threshold\": \"1.0948\"}, "
                        + "\"message\": \"Request OK\", \"status\": 200}",
                new LivenessAnswer(200, "Request OK", new LivenessAnswer.Result("Mon, 19 Aug 2019 17:29:07 GMT",
                        "76NXngOneQuSQWizrw6S1cQm", "Live person detected.", "2.4470", 200, "1.0948")));
        assertWire("{\"status\":200,\"message\":\"Succeeded.\",\"liveness_detections\":[{\"date\":\"Mon, 19 Aug 2019 17:30:39 GMT\","
                + "\"detection_key\":\"KcnIsL4B0kGJOxOaCCkGETuy\",\"score\":\"0.8698\",\"status\":403}]}",
                "{\"liveness_detections\": [{\"date\": \"Mon, 19 Aug 2019 17:30:39 GMT\", \"detection_key\": \"KcnIsL4B0kGJOxOaCCkGETuy\", "
                        + "\"score\": \"0.8698\", \"status\": 403}], \"message\": \"Succeeded.\", \"status\": 200}",
                new LivenessList(200, "Succeeded.", List.of(new LivenessList.Entry("Mon, 19 Aug 2019 17:30:39 GMT",
                        "KcnIsL4B0kGJOxOaCCkGETuy", "0.8698", 403))));
        // A request a capture check refused: no score, the status and message it was answered with.
        assertWire("{\"status\":200,\"message\":\"Succeeded.\",\"liveness_detections\":[{\"date\":\"Mon, 19 Aug 2019 17:30:39 GMT\","
                + "\"detection_key\":\"KcnIsL4B0kGJOxOaCCkGETuy\",\"score\":\"0.8698\",\"status\":403},"
                + "{\"date\":\"Mon, 19 Aug 2019 17:31:02 GMT\",\"detection_key\":\"dFjp3cAONK83nslaQFJO3W8Q\","
                + "\"message\":\"The face is too close.\",\"status\":415}]}", null,
                new LivenessList(200, "Succeeded.", List.of(new LivenessList.Entry("Mon, 19 Aug 2019 17:30:39 GMT",
                        "KcnIsL4B0kGJOxOaCCkGETuy", "0.8698", 403), new LivenessList.Entry("Mon, 19 Aug 2019 17:31:02 GMT",
                        "dFjp3cAONK83nslaQFJO3W8Q", "The face is too close.", null, 415))));
    }

    @Test
    public void faceDetections() throws IOException {
        assertWire("{\"status\":400,\"message\":\"Could not detect a face. Try another image.\",\"capture_state\":\"no_face\"}",
                "{\"status\": 400, \"message\": \"Could not detect a face. Try another image.\", \"capture_state\": \"no_face\"}",
                new FaceDetection(400, "Could not detect a face. Try another image.", "no_face", null, null));
        FaceDetection.Corner bottomRight = new FaceDetection.Corner(337, 397);
        // Both spellings of the second corner (the seed uses each in different examples).
        assertWire("{\"status\":200,\"message\":\"Success\",\"capture_state\":\"adequate\",\"face_rectangle\":{\"top_left\":"
                + "{\"x\":161,\"y\":161},\"botton_right\":{\"x\":337,\"y\":397},\"bottom_right\":{\"x\":337,\"y\":397}},"
                + "\"quality_measures\":{\"sharpness\":1.0,\"head_pose_yaw\":3.2556}}", null,
                new FaceDetection(200, "Success", "adequate", new FaceDetection.Rectangle(new FaceDetection.Corner(161, 161),
                        bottomRight, bottomRight), orderedMeasures()));
    }

    private static Map<String, Double> orderedMeasures() {
        Map<String, Double> measures = new LinkedHashMap<>();
        measures.put("sharpness", 1.0);
        measures.put("head_pose_yaw", 3.2556);
        return measures;
    }
}
