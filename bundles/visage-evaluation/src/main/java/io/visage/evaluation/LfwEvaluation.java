package io.visage.evaluation;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.visage.api.face.FaceException;

/**
 * LFW's protocol through the real pipeline, on View 1: thresholds are tuned on DevTrain and figures reported on
 * DevTest. Every image is embedded once by both models; a Markdown report goes to stdout, progress to stderr.
 *
 * <p>Usage: {@code LfwEvaluation <lfw-view1-dir> [--crops DIR] [--worst N] [--folds N] [--threads N]
 * [--face platform|largest|central]}; {@code --face} picks the face each image is embedded by (default: the platform's).
 */
public final class LfwEvaluation {

    private final PrintStream out = System.out;

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !Files.isDirectory(Path.of(args[0], "protocol"))) {
            System.err.println("usage: LfwEvaluation <lfw-view1-dir with protocol/> [--crops DIR] [--worst N] "
                    + "[--folds N] [--threads N] [--face platform|largest|central]");
            System.exit(2);
        }
        List<String> flags = List.of(args);
        Path crops = Path.of(option(flags, "--crops", "target/lfw-worst"));
        int worst = Integer.parseInt(option(flags, "--worst", "10"));
        int folds = Integer.parseInt(option(flags, "--folds", "10"));
        int threads = Integer.parseInt(option(flags, "--threads", "1"));
        FaceRule face = FaceRule.valueOf(option(flags, "--face", "platform").toUpperCase(Locale.ROOT));
        new LfwEvaluation().run(Path.of(args[0]), crops, worst, folds, threads, face);
    }

    static String option(List<String> flags, String name, String fallback) {
        int i = flags.indexOf(name);
        return i >= 0 && i + 1 < flags.size() ? flags.get(i + 1) : fallback;
    }

    private void run(Path folder, Path crops, int worst, int folds, int threads, FaceRule face) throws Exception {
        LfwView view = LfwView.load(folder);
        Pipeline pipeline = new Pipeline(threads, face);
        Map<String, Pipeline.Embedded> embedded = embedAll(pipeline, view, threads);
        out.println("# LFW View 1 (" + folder + "): tuned on DevTrain, reported on DevTest");
        out.println();
        printImages(view, embedded, face);
        List<LfwModelReport.Summary> summaries = new ArrayList<>();
        for (EmbeddingModel model : EmbeddingModel.values()) {
            summaries.add(new LfwModelReport(model, view, embedded, pipeline, out, folds, worst,
                    crops.resolve(face.name().toLowerCase(Locale.ROOT))).print());
        }
        printSummary(summaries, folds);
    }

    /** Each image once, both models; an image that does not decode is left out (its pairs score as no face). */
    static Map<String, Pipeline.Embedded> embedAll(Pipeline pipeline, LfwView view, int threads)
            throws Exception {
        List<String> files = new ArrayList<>(view.allImages().keySet());
        Map<String, Pipeline.Embedded> embedded = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String file : files) {
                futures.add(pool.submit(() -> {
                    try {
                        embedded.put(file, pipeline.embed(Files.readAllBytes(view.folder.resolve(file))));
                    } catch (FaceException e) {
                        System.err.println("[lfw] " + file + ": " + e);
                    }
                    int n = done.incrementAndGet();
                    if (n % 500 == 0 || n == files.size()) {
                        System.err.printf(Locale.ROOT, "[lfw] embedded %d / %d images (%.0f s)%n", n, files.size(),
                                (System.nanoTime() - start) / 1e9);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return embedded;
    }

    private void printImages(LfwView view, Map<String, Pipeline.Embedded> embedded, FaceRule face) {
        int total = view.allImages().size();
        long withFace = embedded.values().stream().filter(e -> e.templates() != null).count();
        long several = embedded.values().stream().filter(e -> e.faces().all().size() > 1).count();
        // Where the two rules disagree, LFW's labelled (central) person is not the one the platform embeds.
        long disagree = embedded.values().stream().filter(e -> e.faces().best() != null
                && FaceRule.PLATFORM.choose(e.faces().all(), e.width(), e.height()).get()
                != FaceRule.CENTRAL.choose(e.faces().all(), e.width(), e.height()).get()).count();
        out.printf(Locale.ROOT, "Images: %d (DevTrain %d, DevTest %d); decoded %d; with a face %d; with more than "
                        + "one face %d, in %d of which the platform's rule picks another face than the most central one. Embedded face: "
                        + "**%s** (`--face`; the platform: `DetectedFace.mostRelevant`, the largest unless it is an edge face and the central one has half its area).%n%n",
                total, view.devTrain.images().size(), view.devTest.images().size(), embedded.size(), withFace,
                several, disagree, face.name().toLowerCase(Locale.ROOT));
    }

    private void printSummary(List<LfwModelReport.Summary> summaries, int folds) {
        out.println("## Side by side (DevTest; FNMR at thresholds set on DevTrain's impostor pairs)");
        out.println();
        StringBuilder header = new StringBuilder("| model | " + folds + "-fold accuracy | EER |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (double fmr : LfwModelReport.FMR_TARGETS) {
            header.append(String.format(Locale.ROOT, " FNMR at FMR %.0e |", fmr));
            rule.append("---|");
        }
        header.append(" default saffe_grade: FNMR, FMR |");
        rule.append("---|");
        out.println(header);
        out.println(rule);
        for (LfwModelReport.Summary s : summaries) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.2f ± %.2f %% | %.2f %% |",
                    s.model().label, 100 * s.folds().mean(), 100 * s.folds().std(), 100 * s.eer().rate()));
            for (double f : s.fnmrAtTrainThresholds()) {
                row.append(String.format(Locale.ROOT, " %.2f %% |", 100 * f));
            }
            row.append(String.format(Locale.ROOT, " %.2f: %.2f %%, %.1e |", s.defaultGrade(), 100 * s.fnmrAtDefault(),
                    s.fmrAtDefault()));
            out.println(row);
        }
        out.println();
    }
}
