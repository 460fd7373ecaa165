package io.visage.quality;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.visage.api.face.FaceImage;
import io.visage.api.quality.QualityMeasures;

/**
 * Cost of {@code assess()} beyond detection and landmarks (which the request has done already): the image is
 * decoded and its face detected once; each call measures one face. Run it as BENCHMARKS.md ("Quality measures")
 * shows; needs the shared images ({@code -Dvisage.data.dir}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QualityBenchmark {

    @Param({"faces/fr_obama/facerec__obama1.jpg", "faces/bbt_amy/faceapi__amy1.png", "groups/faceapi__bbt1.jpg"})
    public String path;

    private Pipeline pipeline;
    private FaceImage image;
    private Pipeline.Detection detection;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        pipeline = new Pipeline();
        image = pipeline.decoder.decode(Files.readAllBytes(Path.of(System.getProperty("visage.data.dir"), path)));
        detection = pipeline.detect(image);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        image.close();
        pipeline.assessor.deactivate();
    }

    @Benchmark
    public QualityMeasures assess() {
        return pipeline.assessor.assess(image, detection.face(), detection.landmarks(), detection.all());
    }
}
