package io.visage.quality;

import java.util.List;

import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.quality.QualityMeasures;
import io.visage.detection.fr.FrFaceDetector;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.landmarks.fr.FrFaceLandmarker;
import io.visage.model.extender.ClassPathModels;
import io.visage.onnx.internal.OrtSessionFactory;

/** The pipeline up to quality, wired by hand on the real models (as DS would wire it). */
final class Pipeline {

    final OpenCvImageDecoder decoder;
    final FrFaceDetector detector;
    final FrFaceLandmarker landmarker;
    final IsoQualityAssessor assessor;

    Pipeline() throws Exception {
        OrtSessionFactory sessions = new OrtSessionFactory(2, 1);
        decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
        detector = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT, sessions);
        detector.bindModel(ClassPathModels.get("fr_detect"));
        landmarker = new FrFaceLandmarker(sessions);
        landmarker.bindModel(ClassPathModels.get("fr_landmark"));
        assessor = new IsoQualityAssessor(IsoQualityAssessor.Settings.DEFAULT, sessions);
        assessor.bindModel(ClassPathModels.get("fr_pose"));
        assessor.bindEyeModel(ClassPathModels.get("fr_eye"));
    }

    /** A detected face with its landmarks and all faces of the image. */
    record Detection(DetectedFace face, FaceLandmarks landmarks, List<DetectedFace> all) {
    }

    Detection detect(FaceImage image) {
        List<DetectedFace> all = detector.detect(image);
        DetectedFace face = DetectedFace.mostRelevant(all, image.width(), image.height()).orElseThrow(
                () -> new AssertionError("no face in " + image));
        return new Detection(face, landmarker.locate(image, face), all);
    }

    QualityMeasures assess(FaceImage image) {
        Detection d = detect(image);
        return assessor.assess(image, d.face(), d.landmarks(), d.all());
    }
}
