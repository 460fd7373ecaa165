package io.visage.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.visage.api.face.FaceTemplate;
import io.visage.evaluation.lfw.Folds;
import io.visage.evaluation.lfw.LfwPair;

/**
 * The LFW figures of one embedding model: the protocol pairs (10-fold accuracy, EER, FNMR at FMR), all
 * pairs of the folder's images (thresholds down to FMR 1e-6), DevTrain's thresholds applied to DevTest, and
 * the worst DevTest pairs with their crops written out.
 */
final class LfwModelReport {

    static final double[] FMR_TARGETS = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
    /** The score of a pair with an image where no face was found: below any cosine, so it always fails. */
    static final double NO_FACE = -1;

    /** The DevTest figures that go into the side-by-side table. */
    record Summary(EmbeddingModel model, FoldAccuracy.Result folds, ErrorRates.Eer eer, double[] fnmrAtTrainThresholds,
                   double defaultGrade, double fnmrAtDefault, double fmrAtDefault) {
    }

    private record Protocol(List<LfwPair> pairs, double[] scores, FoldAccuracy.Result folds, ErrorRates rates,
                            int withoutFace) {
    }

    private final EmbeddingModel model;
    private final LfwView view;
    private final Map<String, Pipeline.Embedded> embedded;
    private final Pipeline pipeline;
    private final PrintStream out;
    private final int folds;
    private final int worst;
    private final Path crops;

    LfwModelReport(EmbeddingModel model, LfwView view, Map<String, Pipeline.Embedded> embedded, Pipeline pipeline,
                   PrintStream out, int folds, int worst, Path crops) {
        this.model = model;
        this.view = view;
        this.embedded = embedded;
        this.pipeline = pipeline;
        this.out = out;
        this.folds = folds;
        this.worst = worst;
        this.crops = crops;
    }

    Summary print() throws IOException {
        out.println("## " + model.label + " (" + model.crop + ")");
        out.println();
        Protocol train = protocol(view.devTrain);
        Protocol test = protocol(view.devTest);
        printProtocol(train, test);

        long start = System.nanoTime();
        AllPairsScores trainAll = allPairs(view.devTrain.images());
        AllPairsScores testAll = allPairs(view.devTest.images());
        AllPairsScores folderAll = allPairs(view.allImages());
        System.err.printf(Locale.ROOT, "[lfw] %s: all pairs scored in %.1f s%n", model.label,
                (System.nanoTime() - start) / 1e9);
        ErrorRates trainRates = ErrorRates.sorted(trainAll.genuine, trainAll.impostor);
        ErrorRates testRates = ErrorRates.sorted(testAll.genuine, testAll.impostor);
        printAllPairs(List.of("DevTrain images", "DevTest images", "all View 1 images"),
                List.of(view.devTrain.images().size(), view.devTest.images().size(), view.allImages().size()),
                List.of(trainRates, testRates, ErrorRates.sorted(folderAll.genuine, folderAll.impostor)));
        double[] fnmr = printTransfer(trainRates, test, testRates);
        double grade = model.defaultGrade(pipeline);
        printDefaultGrade(grade, trainRates, test, testRates);

        printWorst(test, testAll);
        return new Summary(model, test.folds(), test.rates().eer(), fnmr, grade, test.rates().fnmr(grade),
                testRates.fmr(grade));
    }

    private Protocol protocol(LfwView.Split split) {
        List<LfwPair> pairs = split.pairs();
        int[] fold = Folds.of(pairs, folds);
        double[] scores = new double[pairs.size()];
        FoldAccuracy.ScoredPair[] scored = new FoldAccuracy.ScoredPair[pairs.size()];
        List<Double> genuine = new ArrayList<>();
        List<Double> impostor = new ArrayList<>();
        int withoutFace = 0;
        for (int k = 0; k < pairs.size(); k++) {
            LfwPair p = pairs.get(k);
            FaceTemplate a = model.template(embedded.get(p.fileA()));
            FaceTemplate b = model.template(embedded.get(p.fileB()));
            if (a == null || b == null) {
                withoutFace++;
            }
            scores[k] = a == null || b == null ? NO_FACE : a.similarity(b);
            scored[k] = new FoldAccuracy.ScoredPair(fold[k], p.genuine(), scores[k]);
            (p.genuine() ? genuine : impostor).add(scores[k]);
        }
        ErrorRates rates = ErrorRates.sorted(genuine.stream().mapToDouble(Double::doubleValue).toArray(),
                impostor.stream().mapToDouble(Double::doubleValue).toArray());
        return new Protocol(pairs, scores, FoldAccuracy.evaluate(scored, folds), rates, withoutFace);
    }

    private void printProtocol(Protocol train, Protocol test) {
        out.println("### Protocol pairs (pairsDevTrain.txt, pairsDevTest.txt; cosine similarity)");
        out.println();
        out.println("| split | genuine / impostor | pairs without a face | " + folds + "-fold accuracy, mean ± std "
                + "(± standard error) | EER (threshold) | FNMR at FMR 1e-2 (threshold) | FNMR at FMR 1e-3 "
                + "(threshold) | genuine min / p5 |");
        out.println("|---|---|---|---|---|---|---|---|");
        protocolRow("DevTrain", train);
        protocolRow("DevTest", test);
        double trained = FoldAccuracy.bestThreshold(scoredAll(train));
        out.println();
        out.printf(Locale.ROOT, "DevTest accuracy at the threshold that classifies all of DevTrain best (%.3f): "
                + "**%.2f %%**. DevTest per fold: %s.%n", trained, 100 * FoldAccuracy.accuracy(scoredAll(test),
                trained), percentages(test.folds().accuracies()));
        out.printf(Locale.ROOT, "FMR 1e-3 of %d impostor pairs allows %d of them: that column is the threshold "
                + "above every impostor pair; the large sets below measure it properly.%n%n",
                test.rates().impostorCount(), test.rates().impostorsAllowed(1e-3));
    }

    private void protocolRow(String split, Protocol p) {
        ErrorRates r = p.rates();
        ErrorRates.Eer eer = r.eer();
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT,
                "| %s | %d / %d | %d | %.2f ± %.2f %% (± %.2f) | %.2f %% (%.3f) |", split, r.genuineCount(),
                r.impostorCount(), p.withoutFace(), 100 * p.folds().mean(), 100 * p.folds().std(),
                100 * p.folds().standardError(), 100 * eer.rate(), eer.threshold()));
        for (double fmr : new double[] {1e-2, 1e-3}) {
            double t = r.thresholdAtFmr(fmr);
            row.append(String.format(Locale.ROOT, " %.2f %% (%.3f) |", 100 * r.fnmr(t), t));
        }
        row.append(String.format(Locale.ROOT, " %.3f / %.3f |", r.genuinePercentile(0), r.genuinePercentile(5)));
        out.println(row);
    }

    private static FoldAccuracy.ScoredPair[] scoredAll(Protocol p) {
        FoldAccuracy.ScoredPair[] all = new FoldAccuracy.ScoredPair[p.scores().length];
        for (int k = 0; k < all.length; k++) {
            all[k] = new FoldAccuracy.ScoredPair(0, p.pairs().get(k).genuine(), p.scores()[k]);
        }
        return all;
    }

    private AllPairsScores allPairs(Map<String, String> images) {
        List<float[]> vectors = new ArrayList<>();
        for (String file : images.keySet()) {
            FaceTemplate t = model.template(embedded.get(file));
            vectors.add(t == null ? null : t.vector());
        }
        return AllPairsScores.score(new ArrayList<>(images.values()), vectors, worst);
    }

    private void printAllPairs(List<String> names, List<Integer> imageCounts, List<ErrorRates> rates) {
        out.println("### All pairs of the images (cross-identity = impostor, same identity = genuine; images "
                + "without a face left out)");
        out.println();
        StringBuilder header = new StringBuilder("| images | impostor pairs | genuine pairs | EER (threshold) |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|");
        for (double fmr : FMR_TARGETS) {
            header.append(String.format(Locale.ROOT, " threshold at FMR %.0e (pairs above) |", fmr));
            rule.append("---|");
        }
        out.println(header);
        out.println(rule);
        for (int k = 0; k < names.size(); k++) {
            ErrorRates r = rates.get(k);
            ErrorRates.Eer eer = r.eer();
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s (%d) | %,d | %,d | %.2f %% (%.3f) |",
                    names.get(k), imageCounts.get(k), r.impostorCount(), r.genuineCount(), 100 * eer.rate(),
                    eer.threshold()));
            for (double fmr : FMR_TARGETS) {
                double t = r.thresholdAtFmr(fmr);
                row.append(String.format(Locale.ROOT, " %.3f (%d) |", t, r.impostorsAccepted(t)));
            }
            out.println(row);
        }
        out.println();
    }

    /** Thresholds set on DevTrain's impostor pairs, judged on DevTest: the way a default grade is calibrated. */
    private double[] printTransfer(ErrorRates train, Protocol test, ErrorRates testAll) {
        out.println("### Thresholds set at an FMR on DevTrain's impostor pairs, applied to DevTest");
        out.println();
        out.println("| FMR target | threshold (DevTrain impostor pairs it rests on) | FMR on DevTest's impostor "
                + "pairs (accepted / all) | FNMR on DevTest's protocol genuine pairs | FNMR on all DevTest "
                + "same-identity pairs |");
        out.println("|---|---|---|---|---|");
        double[] fnmr = new double[FMR_TARGETS.length];
        for (int k = 0; k < FMR_TARGETS.length; k++) {
            double t = train.thresholdAtFmr(FMR_TARGETS[k]);
            fnmr[k] = test.rates().fnmr(t);
            out.printf(Locale.ROOT, "| %.0e | %.3f (%,d of %,d) | %.1e (%d / %,d) | %.2f %% (%d / %d) | %.2f %% "
                            + "(%d / %,d) |%n", FMR_TARGETS[k], t, train.impostorsAllowed(FMR_TARGETS[k]),
                    train.impostorCount(), testAll.fmr(t), testAll.impostorsAccepted(t), testAll.impostorCount(),
                    100 * fnmr[k], rejected(test.rates(), t), test.rates().genuineCount(), 100 * testAll.fnmr(t),
                    rejected(testAll, t), testAll.genuineCount());
        }
        out.println();
        return fnmr;
    }

    private void printDefaultGrade(double grade, ErrorRates train, Protocol test, ErrorRates testAll) {
        out.printf(Locale.ROOT, "Default saffe_grade %.2f (model metadata `%s`): FMR %.1e on DevTrain's impostor "
                        + "pairs (%d), %.1e on DevTest's (%d); FNMR %.2f %% on DevTest's protocol genuine pairs, "
                        + "%.2f %% on all DevTest same-identity pairs.%n%n", grade, EmbeddingModel.DEFAULT_GRADE,
                train.fmr(grade), train.impostorsAccepted(grade), testAll.fmr(grade), testAll.impostorsAccepted(grade),
                100 * test.rates().fnmr(grade), 100 * testAll.fnmr(grade));
    }

    private static int rejected(ErrorRates rates, double t) {
        return ErrorRates.countBelow(rates.genuineSorted(), t);
    }

    private void printWorst(Protocol test, AllPairsScores testAll) throws IOException {
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < test.pairs().size(); k++) {
            order.add(k);
        }
        order.sort(Comparator.comparingDouble(k -> test.scores()[k]));
        List<Integer> genuine = order.stream().filter(k -> test.pairs().get(k).genuine()).limit(worst).toList();
        List<Integer> impostor = order.stream().filter(k -> !test.pairs().get(k).genuine())
                .sorted(Comparator.comparingDouble(k -> -test.scores()[k])).limit(worst).toList();
        Path folder = crops.resolve(model.label);
        out.println("### Worst DevTest pairs (crops in `" + folder + "`)");
        out.println();
        out.println("| kind | rank | score | image A (faces found) | image B (faces found) |");
        out.println("|---|---|---|---|---|");
        for (int r = 0; r < genuine.size(); r++) {
            LfwPair p = test.pairs().get(genuine.get(r));
            worstRow(folder, "protocol-genuine", r + 1, test.scores()[genuine.get(r)], p.fileA(), p.fileB());
        }
        for (int r = 0; r < impostor.size(); r++) {
            LfwPair p = test.pairs().get(impostor.get(r));
            worstRow(folder, "protocol-impostor", r + 1, test.scores()[impostor.get(r)], p.fileA(), p.fileB());
        }
        List<String> files = view.devTest.files();
        for (int r = 0; r < testAll.highestImpostors.size(); r++) {
            AllPairsScores.IndexPair p = testAll.highestImpostors.get(r);
            worstRow(folder, "all-pairs-impostor", r + 1, p.score(), files.get(p.a()), files.get(p.b()));
        }
        out.println();
    }

    private void worstRow(Path folder, String kind, int rank, double score, String a, String b) throws IOException {
        out.printf(Locale.ROOT, "| %s | %d | %.3f | %s (%s) | %s (%s) |%n", kind, rank, score, a, faceCount(a), b,
                faceCount(b));
        Path pairFolder = folder.resolve(String.format(Locale.ROOT, "%s-%02d", kind, rank));
        Files.createDirectories(pairFolder);
        for (String[] side : new String[][] {{"a", a}, {"b", b}}) {
            String stem = side[0] + "_" + Path.of(side[1]).getFileName().toString().replace(".jpg", "");
            pipeline.writeCrops(Files.readAllBytes(view.folder.resolve(side[1])), pairFolder, stem);
        }
    }

    private String faceCount(String file) {
        Pipeline.Embedded e = embedded.get(file);
        return e == null ? "not decoded" : String.valueOf(e.faces().all().size());
    }

    private static String percentages(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(String.format(Locale.ROOT, "%.1f", 100 * v));
        }
        return String.join(", ", parts);
    }
}
