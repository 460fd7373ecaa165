package io.visage.onnx;

import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

import ai.onnxruntime.OrtException;
import io.visage.imaging.testing.NativeHeap;
import io.visage.model.extender.ClassPathModels;
import io.visage.onnx.internal.OrtSessionFactory;

/**
 * An inference through {@link ModelSession.Lease#run} releases its input tensor and its results: malloc's bytes
 * in use (ONNX Runtime's values and its arena's chunks come from it) do not grow with the number of runs once
 * the session has warmed up. The bound is a quarter of the outputs' size, so results left open fail the test:
 * 300 runs leak more than the free room ONNX Runtime's arena kept from the warm-up, so it has to grow.
 */
public class NativeReleaseTest {

    @Test
    public void runClosesItsTensorAndItsResults() throws Exception {
        NativeHeap.assumeAvailable();
        ModelSession session = new OrtSessionFactory(1, 1).open(ClassPathModels.get("fr_detect"));
        try (ModelSession.Lease lease = session.tryAcquire()) {
            float[] input = new float[3 * 240 * 320];
            long[] shape = {1, 3, 240, 320};
            long outputBytes = 0;
            for (float[] output : lease.run(input, shape).values()) {
                outputBytes += 4L * output.length;
            }
            double perRun = NativeHeap.collectedGrowthPerRun(20, 300, () -> {
                try {
                    Map<String, float[]> outputs = lease.run(input, shape);
                    assertTrue(outputs.containsKey("scores"));
                } catch (OrtException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue("malloc'd memory grows by " + Math.round(perRun) + " B per inference (outputs " + outputBytes
                    + " B)", perRun < outputBytes / 4.0);
        } finally {
            session.retire();
        }
    }
}
