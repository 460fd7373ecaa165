package io.visage.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;

/**
 * Runs the real pipeline over the shared labelled images and prints a Markdown report.
 *
 * <p>Usage: {@code Evaluation <data-dir> [--verbose] [--no-timing]}
 */
public final class Evaluation {

    private final Path data;
    private final boolean verbose;
    private final PrintStream out = System.out;
    private final Pipeline pipeline;
    private final Map<String, Pipeline.Outcome> outcomes = new TreeMap<>();
    private final Map<String, String> errors = new TreeMap<>();

    private Evaluation(Path data, boolean verbose) throws Exception {
        this.data = data;
        this.verbose = verbose;
        this.pipeline = new Pipeline(1);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !Files.isRegularFile(Path.of(args[0], "manifest.csv"))) {
            System.err.println("usage: Evaluation <data-dir with manifest.csv> [--verbose] [--no-timing]");
            System.exit(2);
        }
        List<String> flags = Arrays.asList(args);
        Evaluation evaluation = new Evaluation(Path.of(args[0]), flags.contains("--verbose"));
        evaluation.runAll();
        evaluation.detection();
        evaluation.capture();
        evaluation.verification("fr_feature (ArcFace 112x112 similarity alignment)", Pipeline.Outcome::template);
        evaluation.verification("faceapi_resnet34 (dlib 150x150 crop from the same landmarks)",
                Pipeline.Outcome::faceApiTemplate);
        evaluation.verificationSummary();
        evaluation.liveness();
        if (!flags.contains("--no-timing")) {
            evaluation.timing();
        }
    }

    private void runAll() throws IOException {
        for (String[] row : csv("manifest.csv")) {
            String path = row[0];
            try {
                Pipeline.Outcome o = pipeline.run(Files.readAllBytes(data.resolve(path)));
                outcomes.put(path, o);
                if (verbose) {
                    System.err.printf(Locale.ROOT, "%-60s %4dx%-4d faces=%d %s%s live=%s%n", path, o.width(),
                            o.height(), o.faces().size(), o.capture().code(),
                            o.best() == null ? "" : String.format(Locale.ROOT, " box=%.0f,%.0f,%.0f,%.0f s=%.2f",
                                    o.best().box().x1(), o.best().box().y1(), o.best().box().x2(),
                                    o.best().box().y2(), o.best().score()),
                            o.liveness() == null ? "-" : String.format(Locale.ROOT, "%.4f", o.liveness().score()));
                }
            } catch (FaceException e) {
                errors.put(path, e.toString());
            }
        }
    }

    private void detection() throws IOException {
        out.println("## Detection");
        Map<String, int[]> byKind = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        for (String[] row : csv("manifest.csv")) {
            String kind = row[2];
            int[] counts = byKind.computeIfAbsent(kind, k -> new int[3]);
            Pipeline.Outcome o = outcomes.get(row[0]);
            if (o == null) {
                counts[2]++;
                continue;
            }
            counts[0]++;
            if (!o.faces().isEmpty()) {
                counts[1]++;
            } else if (row[0].startsWith("faces/") || kind.equals("live") || kind.equals("spoof")) {
                misses.add(row[0]);
            }
        }
        out.println();
        out.println("| kind | decoded | with a face | not decodable |");
        out.println("|---|---|---|---|");
        byKind.forEach((k, c) -> out.printf("| %s | %d | %d | %d |%n", k, c[0], c[1], c[2]));
        out.println();
        out.println("Labelled faces missed: " + (misses.isEmpty() ? "none" : String.join(", ", misses)));
        if (!errors.isEmpty()) {
            out.println();
            out.println("Not decodable: " + errors);
        }
        out.println();
    }

    private void capture() throws IOException {
        out.println("## Capture states (portrait-or-square images with one labelled person)");
        out.println();
        out.println("| image | size | face width ratio | centre offset x, y | state |");
        out.println("|---|---|---|---|---|");
        Map<String, Integer> states = new TreeMap<>();
        for (String[] row : csv("manifest.csv")) {
            Pipeline.Outcome o = outcomes.get(row[0]);
            boolean person = row[0].startsWith("faces/") || row[0].startsWith("liveness/")
                    || row[0].startsWith("misc/") || row[0].startsWith("unlabelled/");
            if (o == null || !person || o.width() > o.height()) {
                continue;
            }
            states.merge(o.capture().code(), 1, Integer::sum);
            if (o.best() == null) {
                out.printf("| %s | %dx%d | - | - | %s |%n", row[0], o.width(), o.height(), o.capture().code());
                continue;
            }
            var b = o.best().box();
            out.printf(Locale.ROOT, "| %s | %dx%d | %.2f | %.2f, %.2f | %s |%n", row[0], o.width(), o.height(),
                    b.width() / o.width(), Math.abs(b.centre().x() - o.width() / 2.0) / o.width(),
                    Math.abs(b.centre().y() - o.height() / 2.0) / o.height(), o.capture().code());
        }
        out.println();
        out.println("States: " + states);
        out.println();
    }

    private final List<String> summary = new ArrayList<>();

    private void verification(String model, java.util.function.Function<Pipeline.Outcome, FaceTemplate> which)
            throws IOException {
        List<Double> genuine = new ArrayList<>();
        List<Double> impostor = new ArrayList<>();
        int missing = 0;
        for (String[] row : csv("pairs_verification.csv")) {
            FaceTemplate a = template(row[0], which);
            FaceTemplate b = template(row[1], which);
            double s;
            if (a == null || b == null) {
                missing++;
                s = -1;
            } else {
                s = a.similarity(b);
            }
            (row[2].equals("1") ? genuine : impostor).add(s);
        }
        double[] g = genuine.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] i = impostor.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        out.println("## Verification: " + model + " (pairs_verification.csv, cosine similarity)");
        out.println();
        out.printf(Locale.ROOT, "Pairs: %d genuine, %d impostor; %d pairs involve an image without a detected "
                + "face (scored -1, counted as errors).%n%n", g.length, i.length, missing);
        out.println("| | min | p5 | median | p95 | max |");
        out.println("|---|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| genuine | %.3f | %.3f | %.3f | %.3f | %.3f |%n", g[0], pct(g, 5), pct(g, 50),
                pct(g, 95), g[g.length - 1]);
        out.printf(Locale.ROOT, "| impostor | %.3f | %.3f | %.3f | %.3f | %.3f |%n", i[0], pct(i, 5), pct(i, 50),
                pct(i, 95), i[i.length - 1]);
        ErrorRates rates = ErrorRates.of(g, i);
        ErrorRates.Eer eer = rates.eer();
        out.println();
        out.printf(Locale.ROOT, "EER: **%.2f %%** (threshold %.3f)%n", eer.rate() * 100, eer.threshold());
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d / %d | %.2f %% (%.3f) |", model,
                g.length, i.length, eer.rate() * 100, eer.threshold()));
        for (double fmr : new double[] {1e-2, 1e-3}) {
            double t = rates.thresholdAtFmr(fmr);
            double fnmr = 100.0 * rates.fnmr(t);
            out.printf(Locale.ROOT, "FNMR at FMR %.0e: **%.2f %%** (threshold %.3f, FMR %.4f)%n", fmr,
                    fnmr, t, rates.fmr(t));
            row.append(String.format(Locale.ROOT, " %.2f %% (%.3f) |", fnmr, t));
        }
        summary.add(row.toString());
        out.println();
    }

    private void verificationSummary() {
        out.println("## Embedding models side by side (same pairs, same detections and landmarks)");
        out.println();
        out.println("| model | genuine / impostor | EER (threshold) | FNMR at FMR 1e-2 (threshold) | FNMR at FMR 1e-3 (threshold) |");
        out.println("|---|---|---|---|---|");
        summary.forEach(out::println);
        out.println();
    }

    private void liveness() throws IOException {
        out.println("## Liveness (p(live) = softmax[0]; threshold " + pipeline_threshold() + ")");
        out.println();
        out.println("| image | label | p(live) | decision | message |");
        out.println("|---|---|---|---|---|");
        for (String[] row : csv("liveness_labels.csv")) {
            Pipeline.Outcome o = outcomes.get(row[0]);
            if (o == null || o.liveness() == null) {
                out.printf("| %s | %s | - | no face | |%n", row[0], row[1]);
                continue;
            }
            out.printf(Locale.ROOT, "| %s | %s | %.4f | %s | %s |%n", row[0], row[1], o.liveness().score(),
                    o.liveness().live() ? "live" : "spoof", o.liveness().message() == null ? ""
                            : o.liveness().message());
        }
        double[] natural = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("faces/"))
                .filter(e -> e.getValue().liveness() != null).mapToDouble(e -> e.getValue().liveness().score())
                .sorted().toArray();
        long passing = Arrays.stream(natural).filter(s -> s >= pipeline_threshold()).count();
        out.println();
        out.printf(Locale.ROOT, "Labelled face photos (faces/, %d with a face; photos of photos, but not "
                        + "presentation attacks): p(live) min %.3f, p10 %.3f, median %.3f; %d pass.%n%n",
                natural.length, natural[0], pct(natural, 10), pct(natural, 50), passing);
    }

    private double pipeline_threshold() {
        return io.visage.liveness.fr.FrLivenessDetector.Settings.DEFAULT.threshold();
    }

    private void timing() throws Exception {
        byte[] vga = Files.readAllBytes(data.resolve("liveness/live/sfas__image_T1.jpg"));
        int n = 200;
        Map<String, double[]> times = new HashMap<>();
        for (String s : List.of("decode", "detect", "landmarks", "align", "embed", "liveness", "total")) {
            times.put(s, new double[n]);
        }
        for (int round = -20; round < n; round++) {
            long t0 = System.nanoTime();
            try (FaceImage image = pipeline.decoder.decode(vga)) {
                long t1 = System.nanoTime();
                List<DetectedFace> faces = pipeline.detector.detect(image);
                DetectedFace best = DetectedFace.mostRelevant(faces, image.width(), image.height()).orElseThrow();
                long t2 = System.nanoTime();
                FaceLandmarks lm = pipeline.landmarker.locate(image, best);
                long t3 = System.nanoTime();
                long t4;
                long t5;
                try (FaceImage aligned = pipeline.aligner.align(image, lm)) {
                    t4 = System.nanoTime();
                    pipeline.embedder.embed(aligned);
                    t5 = System.nanoTime();
                }
                pipeline.liveness.check(image, best);
                long t6 = System.nanoTime();
                if (round >= 0) {
                    long[] marks = {t0, t1, t2, t3, t4, t5, t6};
                    String[] names = {"decode", "detect", "landmarks", "align", "embed", "liveness"};
                    for (int k = 0; k < names.length; k++) {
                        times.get(names[k])[round] = (marks[k + 1] - marks[k]) / 1e6;
                    }
                    times.get("total")[round] = (t6 - t0) / 1e6;
                }
            }
        }
        out.println("## Per-stage time (VGA JPEG liveness/live/sfas__image_T1.jpg, 640x480 EXIF 6; one thread, "
                + "ORT intra-op threads 1; " + n + " runs after 20 warm-up)");
        out.println();
        out.println("| stage | p50 ms | p90 ms |");
        out.println("|---|---|---|");
        for (String s : List.of("decode", "detect", "landmarks", "align", "embed", "liveness", "total")) {
            double[] t = times.get(s).clone();
            Arrays.sort(t);
            out.printf(Locale.ROOT, "| %s | %.2f | %.2f |%n", s, pct(t, 50), pct(t, 90));
        }
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                futures.add(pool.submit(() -> {
                    for (int k = 0; k < perThread; k++) {
                        pipeline.run(vga);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.println();
            out.printf(Locale.ROOT, "Throughput with 2 request threads (whole pipeline incl. decode): %.1f images/s"
                    + "%n%n", 2 * perThread / seconds);
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private FaceTemplate template(String path, java.util.function.Function<Pipeline.Outcome, FaceTemplate> which) {
        Pipeline.Outcome o = outcomes.get(path);
        return o == null ? null : which.apply(o);
    }

    static double pct(double[] sorted, double p) {
        return ErrorRates.percentile(sorted, p);
    }

    private List<String[]> csv(String name) throws IOException {
        List<String> lines = Files.readAllLines(data.resolve(name));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(line.split(",", -1));
            }
        }
        return rows;
    }
}
