package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.visage.itests.Http.Answer;
import io.visage.itests.Http.Form;

/**
 * {@code POST /v0/face_detections} on the running platform: every capture state with the seed's status,
 * message and rectangle, EXIF-rotated photos upright, and the seed's image errors (hostile uploads refused
 * before decoding).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class FaceDetectionIT extends VisageTestSupport {

    private String auth;

    @Before
    public void apiUser() {
        String user = uniqueName("detect");
        auth = "?api_user=" + user + "&api_key=" + addApiUser(user, "detection");
    }

    private Answer detect(byte[] image) throws Exception {
        return http().send("POST", "/v0/face_detections" + auth, Form.multipart().file("image", image));
    }

    /** The answer's status (HTTP and body), message and capture_state; returns the rectangle (null when absent). */
    static int[] assertDetection(Answer answer, int status, String message, String state) {
        assertNotNull("not JSON: " + answer, answer.json);
        assertEquals(answer.toString(), status, answer.httpStatus);
        assertEquals(answer.toString(), status, answer.status());
        assertEquals(answer.toString(), message, answer.message());
        assertEquals(answer.toString(), state, answer.json.path("capture_state").asText());
        JsonNode rectangle = answer.json.get("face_rectangle");
        if (rectangle == null) {
            return null;
        }
        JsonNode topLeft = rectangle.get("top_left");
        JsonNode botton = rectangle.get("botton_right");
        assertNotNull(answer.toString(), topLeft);
        assertNotNull("the seed's detection spelling botton_right: " + answer, botton);
        assertEquals("botton_right and bottom_right agree: " + answer, botton, rectangle.get("bottom_right"));
        return new int[] {topLeft.get("x").asInt(), topLeft.get("y").asInt(), botton.get("x").asInt(),
            botton.get("y").asInt()};
    }

    /** A non-empty rectangle inside a width x height image. */
    static void assertInside(String what, int[] r, int width, int height) {
        assertNotNull(what + ": no face_rectangle", r);
        String box = what + ": " + Arrays.toString(r) + " in " + width + "x" + height;
        assertTrue(box, r[0] >= 0 && r[1] >= 0 && r[2] <= width && r[3] <= height);
        assertTrue(box, r[2] - r[0] >= 20 && r[3] - r[1] >= 20);
    }

    static double iou(int[] a, double[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        double inter = Math.max(0, w) * Math.max(0, h);
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return inter / union;
    }

    /** best_box_x1y1x2y2 of an image in the shared manifest. */
    static double[] manifestBox(String path) throws Exception {
        String manifest = new String(image("manifest.csv"), StandardCharsets.UTF_8);
        for (String line : manifest.split("\\R")) {
            if (line.startsWith(path + ",")) {
                String[] box = line.split(",")[14].trim().split(" ");
                return Arrays.stream(box).mapToDouble(Double::parseDouble).toArray();
            }
        }
        throw new AssertionError(path + " not in manifest.csv");
    }

    @Test
    public void portraitIsAdequateWithTheManifestsBox() throws Exception {
        String path = "faces/bbt_amy/faceapi__amy1.png";
        int[] r = assertDetection(detect(image(path)), 200, "Success", "adequate");
        assertInside(path, r, 150, 150);
        double overlap = iou(r, manifestBox(path));
        assertTrue(path + " box " + Arrays.toString(r) + " overlaps the manifest's best_box by " + overlap, overlap >= 0.5);
    }

    @Test
    public void exifRotatedPhotosComeOutUprightAndAdequate() throws Exception {
        // Stored 640x480 with EXIF orientation 6: unrotated it would be landscape (wrong_orientation).
        int[] r = assertDetection(detect(image("liveness/live/sfas__image_T1.jpg")), 200, "Success", "adequate");
        assertInside("sfas__image_T1 (EXIF 6)", r, 480, 640);
        // Stored 2166x1560 with EXIF orientation 8.
        r = assertDetection(detect(image("liveness/live/sfashist__image_T1_c3e2048.jpg")), 200, "Success", "adequate");
        assertInside("sfashist__image_T1 (EXIF 8)", r, 1560, 2166);
    }

    @Test
    public void landscapeGroupPhotoIsWrongOrientationWithARectangle() throws Exception {
        int[] r = assertDetection(detect(image("groups/faceapi__bbt1.jpg")), 415,
                "The image is in wrong orientation. Must be portrait.", "wrong_orientation");
        assertInside("bbt1", r, 1366, 768);
    }

    @Test
    public void documentWithoutADetectedFaceIsNoFaceWithoutRectangle() throws Exception {
        Answer answer = detect(image("documents/passporteye__100_id-che.jpg"));
        assertNull(answer.toString(), assertDetection(answer, 400, "Could not detect a face. Try another image.",
                "no_face"));
    }

    @Test
    public void faceOnALargeCanvasIsTooFar() throws Exception {
        BufferedImage portrait = FaceImages.decode(image(FaceImages.PORTRAIT));
        int[] r = assertDetection(detect(FaceImages.tooFar(portrait)), 415, "The image is too far.", "too_far");
        assertInside("too far", r, 1600, 1600);
        assertTrue("the face is the small one in the middle: " + Arrays.toString(r),
                r[2] - r[0] < 0.15 * 1600 && r[0] > 500 && r[2] < 1100);
    }

    @Test
    public void tightCropIsTooClose() throws Exception {
        BufferedImage portrait = FaceImages.decode(image(FaceImages.PORTRAIT));
        int[] r = assertDetection(detect(FaceImages.tooClose(portrait)), 415, "The image is too close.", "too_close");
        assertInside("too close", r, 428, 428);
        assertTrue("the face fills the width: " + Arrays.toString(r), r[2] - r[0] > 0.9 * 428);
    }

    @Test
    public void faceAtTheEdgeIsDescentralized() throws Exception {
        BufferedImage portrait = FaceImages.decode(image(FaceImages.PORTRAIT));
        int[] r = assertDetection(detect(FaceImages.descentralized(portrait)), 415,
                "The image is not enough centralized.", "descentralized");
        assertInside("descentralized", r, 600, 800);
        assertTrue("the face is at the left edge: " + Arrays.toString(r), (r[0] + r[2]) / 2 < 150);
    }

    @Test
    public void garbageBytesAreAnInvalidImage() throws Exception {
        byte[] garbage = "this is certainly not an image, just some text".repeat(20).getBytes(StandardCharsets.UTF_8);
        assertError(detect(garbage), 415, "Invalid image.");
    }

    @Test
    public void truncatedImagesAreProbablyCorrupted() throws Exception {
        assertError(detect(FaceImages.truncated(image("liveness/live/sfas__image_T1.jpg"), 0.6)), 400,
                "Image is probably corrupted.");
        byte[] png = image("faces/bbt_amy/faceapi__amy1.png");
        assertError(detect(FaceImages.truncated(png, 0.5)), 400, "Image is probably corrupted.");
    }

    @Test
    public void hugePngIsRefusedFromItsHeaderQuickly() throws Exception {
        byte[] bomb = FaceImages.pngBomb(20_000);
        assertTrue("a small file: " + bomb.length, bomb.length < 2_000_000);
        long start = System.nanoTime();
        Answer answer = detect(bomb);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertError(answer, 415, "Invalid image.");
        assertTrue("refused in " + millis + " ms, not decoded", millis < 3_000);
    }

    @Test
    public void missingOrEmptyImageIsAMissingParameter() throws Exception {
        assertError(http().send("POST", "/v0/face_detections" + auth, Form.multipart().field("quality_measures", "false")),
                400, "Missing required parameter.");
        assertError(detect(new byte[0]), 400, "Missing required parameter.");
    }

    @Test
    public void everyVersionPrefixAnswersAndTheRoleIsEnforced() throws Exception {
        byte[] amy = image("faces/bbt_amy/faceapi__amy1.png");
        for (String version : new String[] {"v1", "v2"}) {
            assertDetection(http().send("POST", "/" + version + "/face_detections" + auth,
                    Form.multipart().file("image", amy)), 200, "Success", "adequate");
        }
        String other = uniqueName("livenessonly");
        String key = addApiUser(other, "liveness");
        assertError(http().send("POST", "/v0/face_detections?api_user=" + other + "&api_key=" + key,
                Form.multipart().file("image", amy)), 400, "API user role not allowed.");
    }

    static void assertError(Answer answer, int status, String message) {
        assertNotNull("not JSON: " + answer, answer.json);
        assertEquals(answer.toString(), status, answer.httpStatus);
        assertEquals(answer.toString(), status, answer.status());
        assertEquals(answer.toString(), message, answer.message());
        assertFalse(answer.toString(), answer.json.has("face_rectangle"));
    }
}
