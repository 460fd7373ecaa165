package io.visage.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import ai.onnxruntime.OrtException;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceAligner;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.LivenessResult;
import io.visage.api.pipeline.FaceFlow;
import io.visage.detection.fr.FrFaceDetector;
import io.visage.detection.fr.GeometricCaptureChecker;
import io.visage.embedding.fr.FrFaceEmbedder;
import io.visage.imaging.OpenCvNatives;
import io.visage.imaging.internal.OpenCvImageDecoder;
import io.visage.landmarks.fr.FrFaceLandmarker;
import io.visage.landmarks.fr.SimilarityFaceAligner;
import io.visage.liveness.fr.FrLivenessDetector;
import io.visage.model.extender.ClassPathModels;
import io.visage.model.extender.ResourceModel;
import io.visage.onnx.internal.OrtSessionFactory;

/**
 * The production face pipeline: the production stages with their default settings (ONNX Runtime intra-op and
 * inter-op threads 1, one session per model) assembled into the flow production runs ({@link FaceFlow}: most relevant
 * face, capture check, the crop the embedding model names). The stages stay reachable for the per-stage benchmarks.
 * {@link #close()} closes the model sessions.
 */
final class FacePipeline implements AutoCloseable {

    /** The VGA test photo: 640x480 JPEG with EXIF orientation 6, a live face (ACCURACY.md). */
    static final String VGA_SOURCE = "liveness/live/sfas__image_T1.jpg";

    final OpenCvImageDecoder decoder = new OpenCvImageDecoder(OpenCvImageDecoder.Limits.DEFAULT);
    final FrFaceDetector detector;
    final GeometricCaptureChecker captureChecker =
            new GeometricCaptureChecker(GeometricCaptureChecker.Thresholds.DEFAULT);
    final FrFaceLandmarker landmarker;
    final SimilarityFaceAligner aligner = new SimilarityFaceAligner();
    final FrFaceEmbedder embedder;
    final FrLivenessDetector liveness;
    final FaceFlow flow;

    FacePipeline(int intraOpThreads) throws IOException, OrtException {
        OrtSessionFactory sessions = new OrtSessionFactory(intraOpThreads, 1);
        detector = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT, sessions);
        detector.bindModel(ClassPathModels.get("fr_detect"));
        landmarker = new FrFaceLandmarker(sessions);
        landmarker.bindModel(ClassPathModels.get("fr_landmark"));
        embedder = new FrFaceEmbedder(sessions);
        ResourceModel feature = ClassPathModels.get("fr_feature");
        embedder.bindModel(feature, Map.of("service.id", 1L));
        liveness = new FrLivenessDetector(FrLivenessDetector.Settings.DEFAULT, sessions);
        liveness.bindModel(ClassPathModels.get("fr_liveness"));
        flow = FaceFlow.builder().decoder(decoder).detector(detector).captureChecker(captureChecker)
                .landmarker(landmarker).aligner(FaceAligner.CROP_ARCFACE_112, aligner)
                .modelCrop(feature.descriptor().id(),
                        String.valueOf(feature.properties().getOrDefault(FaceAligner.MODEL_CROP, FaceFlow.DEFAULT_CROP)))
                .embedder(embedder).liveness(liveness).build();
    }

    /** What one image yields; the pipeline's result is consumed so that nothing can be optimised away. */
    record Result(DetectedFace face, FaceTemplate template, LivenessResult liveness) {
    }

    /**
     * What a liveness-checked 1:N probe runs in production: decode + detect (most relevant face) + capture check +
     * landmarks + align (the model's crop) + embed + liveness; every native image closed.
     */
    Result run(byte[] encoded) {
        try (FaceImage image = flow.decode(encoded)) {
            DetectedFace best = flow.requireAdequateFace(image);
            FaceTemplate template = flow.template(image, best);
            return new Result(best, template, flow.liveness(image, best));
        }
    }

    @Override
    public void close() {
        liveness.deactivate();
        embedder.deactivate();
        landmarker.deactivate();
        detector.deactivate();
    }

    /** The labelled images: -Dvisage.data.dir, else $VISAGE_DATA_DIR, else ../shared/data from the working dir. */
    static Path dataDir() {
        String dir = System.getProperty("visage.data.dir", System.getenv("VISAGE_DATA_DIR"));
        Path path = dir != null ? Path.of(dir) : Path.of("..", "shared", "data");
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("no test images at " + path.toAbsolutePath()
                    + " (set -Dvisage.data.dir or VISAGE_DATA_DIR to ../shared/data)");
        }
        return path;
    }

    static byte[] read(String relative) {
        try {
            return Files.readAllBytes(dataDir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A VGA portrait JPEG made in memory from {@link #VGA_SOURCE}: upright (its EXIF rotation applied by OpenCV),
     * exactly 480x640, quality 90, no EXIF, as a phone client would upload it.
     */
    static byte[] vgaPortraitJpeg() {
        OpenCvNatives.load();
        byte[] source = read(VGA_SOURCE);
        MatOfByte in = new MatOfByte(source);
        Mat decoded = Imgcodecs.imdecode(in, Imgcodecs.IMREAD_COLOR); // IMREAD_COLOR applies EXIF orientation
        Mat upright = new Mat();
        Mat scaled = new Mat();
        MatOfByte out = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
        try {
            if (decoded.empty()) {
                throw new IllegalStateException(VGA_SOURCE + " did not decode");
            }
            if (decoded.cols() > decoded.rows()) { // an OpenCV without EXIF support: EXIF 6 = 90 degrees clockwise
                Core.rotate(decoded, upright, Core.ROTATE_90_CLOCKWISE);
            } else {
                decoded.copyTo(upright);
            }
            Imgproc.resize(upright, scaled, new Size(480, 640), 0, 0, Imgproc.INTER_AREA);
            if (!Imgcodecs.imencode(".jpg", scaled, out, params)) {
                throw new IllegalStateException("JPEG encoding failed");
            }
            return out.toArray();
        } finally {
            in.release();
            decoded.release();
            upright.release();
            scaled.release();
            out.release();
            params.release();
        }
    }
}
