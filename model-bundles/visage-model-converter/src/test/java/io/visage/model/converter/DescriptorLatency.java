package io.visage.model.converter;

import ai.onnxruntime.*;
import java.nio.FloatBuffer;
import java.util.*;
/** Descriptor latency under ONNX Runtime, one intra-op thread: 30 warm-up runs, 300 timed (BENCHMARKS.md). */
public class DescriptorLatency {
  public static void main(String[] a) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (String path : a) {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions(); o.setIntraOpNumThreads(1); o.setInterOpNumThreads(1);
    OrtSession s = env.createSession(path, o);
    String in = s.getInputNames().iterator().next();
    long[] shape = ((TensorInfo) s.getInputInfo().get(in).getInfo()).getShape();
    int n = 1; for (long d : shape) n *= d;
    float[] x = new float[n]; Random r = new Random(1); for (int i = 0; i < n; i++) x[i] = r.nextFloat() - 0.5f;
    double[] t = new double[300];
    for (int i = 0; i < 330; i++) {
      long t0 = System.nanoTime();
      try (OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape); OrtSession.Result res = s.run(Map.of(in, tt))) { res.get(0).getValue(); }
      if (i >= 30) t[i-30] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    System.out.printf("%s %s p50 %.2f ms p90 %.2f ms min %.2f%n", path.replaceAll(".*/", ""), Arrays.toString(shape), t[150], t[270], t[0]);
    }
  }
}
