package io.visage.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Native-leak check of the face pipeline: runs the whole pipeline (and, separately, each image-making stage)
 * many times on the VGA JPEG and prints the process's resident memory (VmRSS) and the Java heap in use after a
 * GC every {@code step} runs. Java heap stays flat by construction; a steadily growing RSS means native memory
 * (Mats, tensors, sessions) is not released.
 *
 * <pre>java -Xmx256m -cp benchmarks.jar io.visage.benchmarks.PipelineSoak [runs=3000] [step=500]</pre>
 */
public final class PipelineSoak {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int step = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        byte[] vga = FacePipeline.vgaPortraitJpeg();
        try (FacePipeline pipeline = new FacePipeline(1)) {
            for (int i = 0; i < 50; i++) {
                pipeline.run(vga);
            }
            report(0);
            long start = System.nanoTime();
            for (int i = 1; i <= runs; i++) {
                pipeline.run(vga);
                if (i % step == 0) {
                    report(i);
                }
            }
            System.out.printf(Locale.ROOT, "%d runs in %.1f s (%.2f ms each)%n", runs,
                    (System.nanoTime() - start) / 1e9, (System.nanoTime() - start) / 1e6 / runs);
        }
        report(-1);
    }

    private static void report(int runs) throws IOException {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "%s RSS %6.1f MiB, heap used %5.1f MiB%n",
                runs < 0 ? "after close" : String.format(Locale.ROOT, "runs %6d", runs), rssKiB() / 1024.0,
                heap / 1048576.0);
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
