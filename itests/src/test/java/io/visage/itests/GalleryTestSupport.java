package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;

import io.visage.itests.Http.Answer;
import io.visage.itests.Http.Form;

/**
 * What the gallery, group, matching and ID tests share: a fresh tenant (API user) per test so that tests never
 * see each other's data in the one shared container, requests in the seed's forms, and assertions of the seed's
 * JSON shapes (scores as strings with four decimals, RFC 1123 dates, status and message at the top).
 */
public abstract class GalleryTestSupport extends VisageTestSupport {
    // Images of ../shared/data (see ACCURACY.md for the capture states and liveness scores quoted here).
    static final String PENNY1 = "faces/bbt_penny/faceapi__penny1.png";
    static final String PENNY2 = "faces/bbt_penny/faceapi__penny2.png";
    static final String PENNY3 = "faces/bbt_penny/faceapi__penny3.png";
    static final String PENNY5 = "faces/bbt_penny/faceapi__penny5.png";
    static final String AMY1 = "faces/bbt_amy/faceapi__amy1.png";
    static final String HOWARD1 = "faces/bbt_howard/faceapi__howard1.png";
    static final String LEONARD1 = "faces/bbt_leonard/faceapi__leonard1.png";
    static final String BERNADETTE1 = "faces/bbt_bernadette/faceapi__bernadette1.png";
    static final String OBAMA = "faces/fr_obama/facerec__obama.jpg";
    static final String OBAMA2 = "faces/fr_obama/facerec__obama2.jpg";
    /** Landscape (1480x832): wrong orientation when the capture checks apply. */
    static final String OBAMA_LANDSCAPE = "faces/fr_obama/facerec__obama1.jpg";
    /** A half face cut by the image edge: descentralized (offset x 0.31). */
    static final String OBAMA_PARTIAL = "faces/fr_obama/facerec__obama_partial_face.jpg";
    /** Square, centred, one large face (1200x1200; face box about 392..826 x 191..779). */
    static final String PORTRAIT = "faces/df_j/deepface__img18.jpg";
    /** Live, adequate capture, p(live) 0.99. */
    static final String LIVE = "liveness/live/sfas__image_T1.jpg";
    /** Spoof, adequate capture (face ratio 0.39, offsets 0.10/0.14), p(live) 0.0001. */
    static final String SPOOF = "liveness/spoof/sfas__image_F1.jpg";
    static final String SPOOF_PRINT = "liveness/spoof/sfashist__image_F1_c3e2048.jpg";
    static final String DOCUMENT_UTO = "documents/passporteye__100_pass-uto.jpg";
    static final String DOCUMENT_UTO2 = "documents/passporteye__100_pass2-uto.jpg";
    /** A document on which no face is detected. */
    static final String DOCUMENT_NO_FACE = "documents/passporteye__0_id-esp.png";

    static final String LIVENESS_OFF_ENROLMENT = "liveness set to OFF at the request";
    static final String LIVENESS_OFF_MATCH = "liveness set to OFF at the request.";
    static final String SAVE_IMAGE_OFF = "Save image set to OFF at the request.";
    static final String MATCH = "Face image match at Saffe grade.";
    static final String NO_MATCH = "Face image does not match at Saffe grade.";
    static final String FRAUD = "Match image detected as fraudulent.";

    private static final String SCORE = "-?\\d+\\.\\d{4}";
    private static final String SEED_DATE = "[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT";

    /** An API user of its own, with every role. */
    protected Tenant tenant(String prefix) {
        String name = uniqueName(prefix);
        return new Tenant(name, addApiUser(name, null));
    }

    protected final class Tenant {
        final String name;
        final String key;

        Tenant(String name, String key) {
            this.name = name;
            this.key = key;
        }

        String auth() {
            return "api_user=" + enc(name) + "&api_key=" + enc(key);
        }

        private String url(String path, String query) {
            return path + "?" + auth() + (query == null || query.isEmpty() ? "" : "&" + query);
        }

        Answer get(String path, String query) throws Exception {
            return http().get(url(path, query));
        }

        Answer send(String method, String path, String query) throws Exception {
            return http().send(method, url(path, query), null);
        }

        /** Credentials as multipart form fields, as the seed's requests send them. */
        Answer upload(String method, String path, String query, Object... files) throws Exception {
            Form form = Form.multipart().field("api_user", name).field("api_key", key);
            for (int i = 0; i + 1 < files.length; i += 2) {
                form.file((String) files[i], (byte[]) files[i + 1]);
            }
            return http().send(method, path + (query == null || query.isEmpty() ? "" : "?" + query), form);
        }

        Answer register(String reference, byte[] image, String params) throws Exception {
            return upload("POST", "/v1/users", join("user_reference=" + enc(reference), params), "image", image);
        }

        Answer update(String reference, byte[] image, String params) throws Exception {
            return upload("PUT", "/v1/users", join("user_reference=" + enc(reference), params), "image", image);
        }

        /** Registers with liveness off (the labelled crops are not selfies) and asserts success. */
        Answer enrol(String reference, String imagePath) throws Exception {
            Answer answer = register(reference, image(imagePath), "liveness=false");
            assertOk(answer, "User registered successfully.");
            return answer;
        }

        Answer addImage(String reference, String imagePath) throws Exception {
            Answer answer = update(reference, image(imagePath), "liveness=false");
            assertOk(answer, "User updated successfully.");
            return answer;
        }

        Answer delete(String reference) throws Exception {
            return send("DELETE", "/v1/users", "user_reference=" + enc(reference));
        }

        Answer users(String query) throws Exception {
            return get("/v1/users", query);
        }

        Answer userLogs(String query) throws Exception {
            return get("/v1/user_logs", query);
        }

        Answer match(String params, byte[] image) throws Exception {
            return upload("POST", "/v2/gallery_matches", params, "image", image);
        }

        Answer matches(String query) throws Exception {
            return get("/v1/gallery_matches", query);
        }

        Answer idMatch(String params, byte[] selfie, byte[] document) throws Exception {
            return upload("POST", "/v1/id_matches", params, "match_image", selfie, "id_image", document);
        }

        Answer idMatches(String query) throws Exception {
            return get("/v1/id_matches", query);
        }

        Answer createGroup(String group) throws Exception {
            return send("POST", "/v1/groups", "group_name=" + enc(group));
        }

        Answer associate(String group, String reference) throws Exception {
            return send("POST", "/v1/users_groups", "group_name=" + enc(group) + "&user_reference=" + enc(reference));
        }

        /** GET of an image_url with this tenant's credentials: the HTTP status and the raw bytes. */
        HttpResponse<byte[]> fetch(String imageUrl) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(imageUrl + "?" + auth()))
                    .timeout(Duration.ofSeconds(30)).GET().build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        }

        List<String> userReferences() throws Exception {
            Answer answer = users(null);
            assertOk(answer, "Succeeded.");
            List<String> references = new ArrayList<>();
            answer.json.get("users").forEach(u -> references.add(u.get("user_reference").asText()));
            return references;
        }

        int logCount() throws Exception {
            Answer answer = userLogs(null);
            assertOk(answer, "Succeeded.");
            return answer.json.get("user_logs").size();
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String join(String a, String b) {
        return b == null || b.isEmpty() ? a : a + "&" + b;
    }

    // ---- assertions of the seed's shapes ----

    /** Top level: HTTP status equals the body's status, and the message. */
    static void assertAnswer(Answer answer, int status, String message) {
        assertNotNull("not JSON: " + answer, answer.json);
        assertEquals(answer.toString(), status, answer.httpStatus);
        assertEquals(answer.toString(), status, answer.json.path("status").asInt());
        assertEquals(answer.toString(), message, answer.json.path("message").asText());
    }

    static void assertOk(Answer answer, String message) {
        assertAnswer(answer, 200, message);
    }

    /** An error of the seed: exactly {status, message}. */
    static void assertError(Answer answer, int status, String message) {
        assertAnswer(answer, status, message);
        assertFields(answer.body, answer.json, "status", "message");
    }

    /** The object has exactly these fields (any order). */
    static void assertFields(String context, JsonNode object, String... names) {
        assertTrue(context, object != null && object.isObject());
        TreeSet<String> actual = new TreeSet<>();
        Iterator<String> it = object.fieldNames();
        it.forEachRemaining(actual::add);
        assertEquals(context, new TreeSet<>(Arrays.asList(names)), actual);
    }

    /** A score or threshold as the seed writes it: a JSON string with four decimals. Returns its value. */
    static double assertScore(String context, JsonNode node) {
        assertTrue(context + ": score must be a string, got " + node, node != null && node.isTextual());
        assertTrue(context + ": four decimals, got " + node, node.asText().matches(SCORE));
        return Double.parseDouble(node.asText());
    }

    /** An RFC 1123 date as the seed writes it ("Mon, 19 Aug 2019 16:53:32 GMT"). */
    static Instant assertDate(String context, JsonNode node) {
        assertTrue(context + ": date must be a string, got " + node, node != null && node.isTextual());
        assertTrue(context + ": seed date format, got " + node, node.asText().matches(SEED_DATE));
        return ZonedDateTime.parse(node.asText(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    static void assertMatchKey(String context, JsonNode node) {
        assertTrue(context + ": match_key, got " + node, node != null && node.isTextual()
                && node.asText().matches("[A-Za-z0-9]{24}"));
    }

    static void assertImageUrl(String context, JsonNode node) {
        assertTrue(context + ": image_url, got " + node, node != null && node.isTextual()
                && node.asText().matches("https?://[^ ]+/v1/images/[^/ ]+"));
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> fieldTexts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).isNull() ? null : n.get(field).asText()));
        return out;
    }

    /** Waits until the wall clock is in a later second than {@code instant}; returns that second. */
    static long nextSecondAfter(Instant instant) throws InterruptedException {
        long after = instant.getEpochSecond() + 1;
        while (System.currentTimeMillis() / 1000 < after) {
            Thread.sleep(50);
        }
        return System.currentTimeMillis() / 1000;
    }

    static void assertNoVectorIn(String template) {
        assertFalse("a plain vector in the template: " + template, template.contains("[")
                || template.matches("(?s).*-?\\d\\.\\d{5,}.*"));
    }

    // ---- images made in the test from the shared samples (never stored in the repository) ----

    static BufferedImage decode(byte[] encoded) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        assertNotNull("ImageIO cannot read the sample", image);
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    /** {@code source} scaled to {@code size} wide, drawn at (x, y) on a white canvas. */
    static BufferedImage onWhiteCanvas(BufferedImage source, int width, int height, int size, int x, int y) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            if (source != null) {
                g.drawImage(source, x, y, size, size * source.getHeight() / source.getWidth(), null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    static BufferedImage crop(BufferedImage source, int x, int y, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(source.getSubimage(x, y, width, height), 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A white portrait without any face. */
    static byte[] noFace() throws IOException {
        return png(onWhiteCanvas(null, 480, 640, 0, 0, 0));
    }

    /** Too far: the 1200 px portrait shrunk to 400 px on a white 1600x1600 canvas (face ratio about 0.09). */
    static byte[] tooFar() throws IOException {
        return png(onWhiteCanvas(decode(image(PORTRAIT)), 1600, 1600, 400, 600, 600));
    }

    /** Too close: a 428x428 crop inside the face of the portrait. */
    static byte[] tooClose() throws IOException {
        return png(crop(decode(image(PORTRAIT)), 406, 262, 428, 428));
    }

    /** Not centred: the portrait at 400 px, shifted 120 px out of the left edge of a 600x800 canvas. */
    static byte[] descentralized() throws IOException {
        return png(onWhiteCanvas(decode(image(PORTRAIT)), 600, 800, 400, -120, 0));
    }

    /** The first half of a JPEG: "Image is probably corrupted.". */
    static byte[] corrupted(String path) throws IOException {
        byte[] bytes = image(path);
        return Arrays.copyOf(bytes, bytes.length / 2);
    }
}
