package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.ws.rs.core.Response;

import org.junit.Test;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.rest.internal.wire.Status;

public class SaffeErrorsTest {
    @Test
    public void everyRefusalAndPipelineErrorHasTheSeedsWording() {
        for (Refusal refusal : Refusal.values()) {
            SaffeErrors.Wording wording = SaffeErrors.of(refusal);
            assertNotNull("no wording for " + refusal, wording);
            assertTrue(refusal + " is a client error", wording.status() >= 400 && wording.status() < 500);
        }
        for (FaceError error : FaceError.values()) {
            SaffeErrors.Wording wording = SaffeErrors.of(error);
            assertNotNull("no wording for " + error, wording);
            assertTrue(error + " is a client error", wording.status() >= 400 && wording.status() < 500);
        }
    }

    @Test
    public void detailsFillTheSeedsMessagesInOrder() {
        assertEquals("User amy already exists.", SaffeErrors.of(Refusal.USER_EXISTS).message(List.of("amy")));
        assertEquals("Parameter group_name must be at most 255 characters.",
                SaffeErrors.of(Refusal.PARAMETER_TOO_LONG).message(List.of("group_name", 255)));
        assertEquals("Face image quality too low: head_pose_yaw -41.50 exceeds 30.00.",
                SaffeErrors.of(Refusal.QUALITY_TOO_LOW).message(List.of("head_pose_yaw", -41.5, "exceeds", 30.0)));
        assertEquals("The gallery is empty.", SaffeErrors.of(Refusal.GALLERY_EMPTY).message(List.of()));
    }

    @Test
    public void mappersAnswerTheSeedsJsonWithItsStatus() {
        Response refused = new ErrorMappers.RefusalMapper().toResponse(
                new RequestRefusedException(Refusal.INVALID_CREDENTIALS));
        assertEquals(401, refused.getStatus());
        assertEquals(new Status(401, "Invalid credentials."), refused.getEntity());
        Response tooClose = new ErrorMappers.FaceExceptionMapper().toResponse(
                new FaceException(FaceError.FACE_TOO_CLOSE, "box 0.99 of the width"));
        assertEquals(415, tooClose.getStatus());
        assertEquals(new Status(415, "The face is too close."), tooClose.getEntity());
        Response swapping = new ErrorMappers.ServiceMissingMapper().toResponse(
                new ServiceMissingException(io.visage.api.gallery.GalleryService.class));
        assertEquals(400, swapping.getStatus());
        assertEquals(new Status(400, SaffeErrors.TRY_AGAIN), swapping.getEntity());
    }
}
