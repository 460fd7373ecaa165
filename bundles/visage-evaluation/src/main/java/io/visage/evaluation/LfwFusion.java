package io.visage.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.visage.api.face.FaceTemplate;
import io.visage.evaluation.lfw.Folds;
import io.visage.evaluation.lfw.LfwPair;

/**
 * Issue 16's optional question: do the two embedders, fused into one template, make fewer errors than the
 * better one alone? A fused template is {@code [a ; s·b] / sqrt(1 + s²)} for the unit templates {@code a}
 * (fr_feature) and {@code b} (faceapi_resnet34, optionally centred first by the mean DevTrain descriptor), so its
 * cosine is {@code (cos_a + s²·cos_b) / (1 + s²)}: still one vector that the cosine index searches as it is.
 * The weight (and centring) is chosen on DevTrain's all-pairs FNMR at FMR 1e-3; DevTest is reported for every
 * row, at thresholds set on DevTrain's impostor pairs.
 *
 * <p>Usage: {@code LfwFusion <lfw-view1-dir> [--threads N] [--dump FILE]}; Markdown on stdout. {@code --dump}
 * also writes every image's fr_feature template with its identity (a line each: identity, tab, values), the
 * input of the index benchmarks' {@code real} dataset; it is biometric data: keep it out of the repository.
 */
public final class LfwFusion {

    /** s² values tried; 0 is fr_feature alone, infinity faceapi_resnet34 alone. */
    private static final double[] WEIGHTS = {0, 0.5, 1, 2, 4, 6, 8, 12, 16, 24, 32, 64, Double.POSITIVE_INFINITY};

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !Files.isDirectory(Path.of(args[0], "protocol"))) {
            System.err.println("usage: LfwFusion <lfw-view1-dir with protocol/> [--threads N]");
            System.exit(2);
        }
        List<String> flags = List.of(args);
        int threads = Integer.parseInt(LfwEvaluation.option(flags, "--threads", "2"));
        LfwView view = LfwView.load(Path.of(args[0]));
        Pipeline pipeline = new Pipeline(threads, FaceRule.PLATFORM);
        Map<String, Pipeline.Embedded> embedded = LfwEvaluation.embedAll(pipeline, view, threads);
        LfwFusion fusion = new LfwFusion(view, embedded);
        String dump = LfwEvaluation.option(flags, "--dump", "");
        if (!dump.isEmpty()) {
            fusion.dump(Path.of(dump));
        }
        fusion.print();
    }

    private final LfwView view;
    private final Map<String, float[]> frFeature = new LinkedHashMap<>();
    private final Map<String, float[]> faceApi = new LinkedHashMap<>();
    private final float[] faceApiMean;

    private LfwFusion(LfwView view, Map<String, Pipeline.Embedded> embedded) {
        this.view = view;
        for (Map.Entry<String, Pipeline.Embedded> e : embedded.entrySet()) {
            FaceTemplate a = EmbeddingModel.FR_FEATURE.template(e.getValue());
            FaceTemplate b = EmbeddingModel.FACEAPI_RESNET34.template(e.getValue());
            if (a != null && b != null) {
                frFeature.put(e.getKey(), AllPairsScores.unitLength(a.vector()));
                faceApi.put(e.getKey(), AllPairsScores.unitLength(b.vector()));
            }
        }
        int dim = faceApi.values().iterator().next().length;
        faceApiMean = new float[dim];
        int n = 0;
        for (String file : view.devTrain.images().keySet()) { // the mean comes from the tuning split only
            float[] b = faceApi.get(file);
            if (b != null) {
                for (int k = 0; k < dim; k++) {
                    faceApiMean[k] += b[k];
                }
                n++;
            }
        }
        for (int k = 0; k < dim; k++) {
            faceApiMean[k] /= n;
        }
    }

    private void dump(Path file) throws java.io.IOException {
        Map<String, String> identities = view.allImages();
        try (java.io.BufferedWriter out = Files.newBufferedWriter(file)) {
            for (Map.Entry<String, float[]> e : frFeature.entrySet()) {
                StringBuilder line = new StringBuilder(identities.get(e.getKey())).append('\t');
                for (float value : e.getValue()) {
                    line.append(value).append(' ');
                }
                out.write(line.toString().stripTrailing());
                out.newLine();
            }
        }
        System.err.println("[lfw] fr_feature templates of " + frFeature.size() + " images written to " + file);
    }

    private void print() {
        System.out.println("# Fusion of fr_feature and faceapi_resnet34 on LFW View 1 (tuned on DevTrain, reported on DevTest)");
        System.out.println();
        System.out.println("| faceapi part | s² | DevTrain all-pairs FNMR at FMR 1e-3 | DevTrain EER | DevTest 10-fold accuracy "
                + "| DevTest EER | DevTest FNMR at DevTrain's FMR 1e-3 threshold (errors / 500) | realised FMR on DevTest "
                + "| DevTest FNMR at 1e-4 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        String best = "";
        double bestTrain = Double.MAX_VALUE;
        for (boolean centred : new boolean[] {false, true}) {
            for (double weight : WEIGHTS) {
                if (centred && (weight == 0)) {
                    continue; // the same as uncentred: fr_feature alone
                }
                Map<String, float[]> fused = fuse(weight, centred);
                ErrorRates train = allPairs(view.devTrain.images(), fused);
                ErrorRates testAll = allPairs(view.devTest.images(), fused);
                double t3 = train.thresholdAtFmr(1e-3);
                double t4 = train.thresholdAtFmr(1e-4);
                List<LfwPair> pairs = view.devTest.pairs();
                int[] fold = Folds.of(pairs, 10);
                FoldAccuracy.ScoredPair[] scored = new FoldAccuracy.ScoredPair[pairs.size()];
                List<Double> genuine = new ArrayList<>();
                List<Double> impostor = new ArrayList<>();
                for (int k = 0; k < pairs.size(); k++) {
                    LfwPair p = pairs.get(k);
                    float[] a = fused.get(p.fileA());
                    float[] b = fused.get(p.fileB());
                    double score = a == null || b == null ? LfwModelReport.NO_FACE : AllPairsScores.dot(a, b);
                    scored[k] = new FoldAccuracy.ScoredPair(fold[k], p.genuine(), score);
                    (p.genuine() ? genuine : impostor).add(score);
                }
                ErrorRates protocol = ErrorRates.of(genuine.stream().mapToDouble(Double::doubleValue).toArray(),
                        impostor.stream().mapToDouble(Double::doubleValue).toArray());
                FoldAccuracy.Result folds = FoldAccuracy.evaluate(scored, 10);
                double fnmr3 = protocol.fnmr(t3);
                String row = String.format(Locale.ROOT,
                        "| %s | %s | %.2f %% | %.2f %% | %.2f ± %.2f %% | %.2f %% | %.2f %% (%d) | %.1e | %.2f %% |",
                        centred ? "centred" : "as is", weight == Double.POSITIVE_INFINITY ? "∞" : Double.toString(weight),
                        100 * train.fnmr(t3), 100 * train.eer().rate(), 100 * folds.mean(), 100 * folds.std(),
                        100 * protocol.eer().rate(), 100 * fnmr3, Math.round(fnmr3 * protocol.genuineCount()),
                        testAll.fmr(t3), 100 * protocol.fnmr(t4));
                System.out.println(row);
                System.out.flush();
                if (train.fnmr(t3) < bestTrain) {
                    bestTrain = train.fnmr(t3);
                    best = row;
                }
            }
        }
        System.out.println();
        System.out.println("Chosen on DevTrain (lowest all-pairs FNMR at FMR 1e-3): " + best);
    }

    private Map<String, float[]> fuse(double weight, boolean centred) {
        Map<String, float[]> fused = new LinkedHashMap<>();
        double s = Math.sqrt(weight);
        for (Map.Entry<String, float[]> e : frFeature.entrySet()) {
            float[] a = e.getValue();
            float[] b = faceApi.get(e.getKey());
            if (centred) {
                b = b.clone();
                for (int k = 0; k < b.length; k++) {
                    b[k] -= faceApiMean[k];
                }
                b = AllPairsScores.unitLength(b);
            }
            float[] v = new float[a.length + b.length];
            boolean faceApiOnly = weight == Double.POSITIVE_INFINITY;
            for (int k = 0; k < a.length; k++) {
                v[k] = faceApiOnly ? 0 : a[k];
            }
            for (int k = 0; k < b.length; k++) {
                v[a.length + k] = (float) (faceApiOnly ? b[k] : s * b[k]);
            }
            fused.put(e.getKey(), AllPairsScores.unitLength(v));
        }
        return fused;
    }

    private static ErrorRates allPairs(Map<String, String> images, Map<String, float[]> vectors) {
        List<float[]> list = new ArrayList<>();
        for (String file : images.keySet()) {
            list.add(vectors.get(file));
        }
        AllPairsScores all = AllPairsScores.score(new ArrayList<>(images.values()), list, 1);
        return ErrorRates.sorted(all.genuine, all.impostor);
    }
}
