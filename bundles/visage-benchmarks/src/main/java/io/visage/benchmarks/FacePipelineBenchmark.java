package io.visage.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.LivenessResult;

/**
 * Each stage of the face pipeline and the whole pipeline on a VGA portrait JPEG (480x640, made in memory from
 * {@link FacePipeline#VGA_SOURCE}), with the production components and model bundles and their default settings
 * (ONNX Runtime intra-op threads 1, as in Karaf: requests run in parallel on the HTTP threads).
 *
 * <p>Single-threaded sample mode by default (p50/p90 in ms). The 2-thread throughput of the whole pipeline is the
 * same {@code pipeline} method run with {@code -t 2 -bm thrpt}: the components are shared by the threads as the
 * HTTP threads share them in Karaf.
 *
 * <p>Every stage's inputs are made once in setup (decoded image, most relevant face, landmarks, aligned face) and
 * closed in teardown; a stage that makes a native image ({@code decode}, {@code align}) closes it in the measured
 * call, as production code does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FacePipelineBenchmark {

    private FacePipeline pipeline;
    private byte[] vga;
    private byte[] vgaExif;
    private FaceImage image;
    private DetectedFace face;
    private FaceLandmarks landmarks;
    private FaceImage aligned;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        pipeline = new FacePipeline(1);
        vga = FacePipeline.vgaPortraitJpeg();
        vgaExif = FacePipeline.read(FacePipeline.VGA_SOURCE);
        image = pipeline.decoder.decode(vga);
        if (image.width() != 480 || image.height() != 640) {
            throw new IllegalStateException("expected 480x640, decoded " + image.width() + "x" + image.height());
        }
        List<DetectedFace> faces = pipeline.detector.detect(image);
        face = DetectedFace.mostRelevant(faces, image.width(), image.height())
                .orElseThrow(() -> new IllegalStateException("no face on the VGA image"));
        landmarks = pipeline.landmarker.locate(image, face);
        aligned = pipeline.aligner.align(image, landmarks);
        LivenessResult live = pipeline.liveness.check(image, face);
        System.out.printf("%nVGA JPEG %d bytes (source with EXIF 6: %d bytes), %d face(s), liveness score %.4f%n",
                vga.length, vgaExif.length, faces.size(), live.score());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (aligned != null) {
            aligned.close();
        }
        if (image != null) {
            image.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** JPEG header checks, decoding, colour conversion; the image is closed. */
    @Benchmark
    public int decode() {
        try (FaceImage decoded = pipeline.decoder.decode(vga)) {
            return decoded.width();
        }
    }

    /** The same photo as the camera wrote it: 640x480 with EXIF orientation 6 (decode + 90 degree rotation). */
    @Benchmark
    public int decodeExif6() {
        try (FaceImage decoded = pipeline.decoder.decode(vgaExif)) {
            return decoded.width();
        }
    }

    /** Letterbox, detector model, NMS; plus the most-relevant-face pick. */
    @Benchmark
    public DetectedFace detect() {
        List<DetectedFace> faces = pipeline.detector.detect(image);
        return DetectedFace.mostRelevant(faces, image.width(), image.height()).orElseThrow();
    }

    /** 68-point landmark model on the face crop. */
    @Benchmark
    public FaceLandmarks landmarks() {
        return pipeline.landmarker.locate(image, face);
    }

    /** 5-point similarity transform and warp to 112x112; the aligned image is closed. */
    @Benchmark
    public int align() {
        try (FaceImage out = pipeline.aligner.align(image, landmarks)) {
            return out.width();
        }
    }

    /** 512-d embedding of the aligned face, L2-normalised. */
    @Benchmark
    public FaceTemplate embed() {
        return pipeline.embedder.embed(aligned);
    }

    /** Liveness crop (2.7x box), passive model, over-exposure hint. */
    @Benchmark
    public LivenessResult liveness() {
        return pipeline.liveness.check(image, face);
    }

    /** The production flow: decode + detect + capture check + landmarks + align + embed + liveness, images closed. */
    @Benchmark
    public FacePipeline.Result pipeline() {
        return pipeline.run(vga);
    }
}
