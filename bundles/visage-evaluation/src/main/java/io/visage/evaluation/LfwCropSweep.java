package io.visage.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.opencv.core.Core;
import org.opencv.core.Mat;

import io.visage.api.face.Box;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.Point;
import io.visage.embedding.faceapi.DlibFaceCropper;
import io.visage.evaluation.lfw.Folds;
import io.visage.evaluation.lfw.LfwPair;
import io.visage.imaging.Images;
import io.visage.imaging.MatImage;
import io.visage.landmarks.fr.FrFaceLandmarker;
import io.visage.model.extender.ClassPathModels;

/**
 * Tuning on one LFW View 1 split (DevTrain by default): every image is decoded and its faces found once, then
 * embedded through several crop and landmark variants of both models and several face rules; per variant the
 * split's 10-fold accuracy, protocol EER and, from all pairs of the split's images, FNMR at FMR 1e-3 / 1e-4.
 * This is how the platform's crops and face rule were chosen (ACCURACY.md, "LFW"); it reports on the split it is
 * given, so run it on DevTrain and report on DevTest with {@link LfwEvaluation}.
 *
 * <p>Usage: {@code LfwCropSweep <lfw-view1-dir> [--split DevTrain|DevTest] [--threads N] [--folds N]}; with
 * {@code --folds N} only the pairs of the first N of the split's 10 folds (and their images) are used.
 */
public final class LfwCropSweep {

    /** One way of making a template from an image, its landmarks and a model. */
    private record Variant(String name, String modelKey, BiFunction<FaceImage, FaceLandmarks, FaceImage> crop,
                           int landmarks, int augment) {
        Variant(String name, String modelKey, BiFunction<FaceImage, FaceLandmarks, FaceImage> crop,
                boolean flipLandmarks) {
            this(name, modelKey, crop, flipLandmarks ? FLIP_AVERAGED : PLATFORM, 0);
        }
    }

    /** Where a variant's landmarks come from: an index into the sweep's landmark sources. */
    private static final int PLATFORM = 0;
    private static final int FLIP_AVERAGED = 1;
    /** faceapi_landmark68 on squares of these sides over the box height (sources 2, 3, ...). */
    private static final double[] FACEAPI_LANDMARK_SCALES = {1.0, 1.15, 1.3};

    /** Face rules measured: the largest, the most central, and the central one when it is at least a share of the largest. */
    private static final double[] CENTRAL_SHARES = {0.25, 0.5, 0.75};

    private LfwCropSweep() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = List.of(args);
        Path folder = Path.of(args[0]);
        String splitName = option(flags, "--split", "DevTrain");
        int threads = Integer.parseInt(option(flags, "--threads", "1"));
        int useFolds = Integer.parseInt(option(flags, "--folds", "10"));
        LfwView view = LfwView.load(folder);
        LfwView.Split split = splitName.equalsIgnoreCase("DevTest") ? view.devTest : view.devTrain;
        Pipeline pipeline = new Pipeline(threads);
        String fr = pipeline.frFeatureModel.id();
        String fa = pipeline.faceApiModel.id();
        DlibFaceCropper square = new DlibFaceCropper(DlibFaceCropper.Template.SQUARE);
        DlibFaceCropper five = new DlibFaceCropper(DlibFaceCropper.Template.FIVE_POINT);
        DlibFaceCropper mean = new DlibFaceCropper(DlibFaceCropper.Template.MEAN_FACE);
        List<Variant> variants = new ArrayList<>();
        String mode = option(flags, "--variants", "crops");
        boolean augmentations = mode.equals("augment");
        List<LandmarkSource> sources = new ArrayList<>(List.of(pipeline.flow::landmarks,
                (image, face) -> flipAveraged(pipeline, image, face)));
        if (mode.equals("landmarks")) {
            variants.add(new Variant("fr_feature, fr_landmark", fr, pipeline.aligner::align, PLATFORM, 0));
            variants.add(new Variant("faceapi chip + mirrored, fr_landmark", fa, five::align, PLATFORM, 1));
            for (double scale : FACEAPI_LANDMARK_SCALES) {
                FrFaceLandmarker landmarker = new FrFaceLandmarker(pipeline.sessions, scale);
                landmarker.bindModel(ClassPathModels.get("faceapi_landmark68"));
                int source = sources.size();
                sources.add(landmarker::locate);
                String l = String.format(Locale.ROOT, ", faceapi_landmark68 x%.2f box", scale);
                variants.add(new Variant("fr_feature" + l, fr, pipeline.aligner::align, source, 0));
                variants.add(new Variant("faceapi chip + mirrored" + l, fa, five::align, source, 1));
            }
            // Both models' points averaged (fr_landmark and faceapi_landmark68 on the 1.15 box): an ensemble.
            LandmarkSource faceApi = sources.get(2 + 1);
            int averaged = sources.size();
            sources.add((image, face) -> averaged(pipeline.flow.landmarks(image, face), faceApi.locate(image, face)));
            variants.add(new Variant("fr_feature, mean of both landmark models", fr, pipeline.aligner::align, averaged, 0));
            variants.add(new Variant("faceapi chip + mirrored, mean of both landmark models", fa, five::align, averaged, 1));
        }
        if (augmentations) {
            variants.add(new Variant("fr_feature", fr, pipeline.aligner::align, PLATFORM, 0));
            variants.add(new Variant("fr_feature + mirrored crop", fr, pipeline.aligner::align, PLATFORM, 1));
            variants.add(new Variant("faceapi dlib 5-point chip", fa, five::align, PLATFORM, 0));
            variants.add(new Variant("faceapi dlib 5-point chip + mirrored", fa, five::align, PLATFORM, 1));
            variants.add(new Variant("faceapi dlib 5-point chip, 10 jittered copies", fa, five::align, PLATFORM, 10));
        }
        for (boolean flip : !mode.equals("crops") ? new boolean[0] : new boolean[] {false, true}) {
            String l = flip ? " +flip-avg landmarks" : "";
            variants.add(new Variant("fr_feature eyes4 mouth(48,60)" + l, fr, pipeline.aligner::align, flip));
            variants.add(new Variant("fr_feature eyes6 mouth(48,54)" + l, fr,
                    (img, lm) -> pipeline.aligner.align(img, withFive(lm, 6, false)), flip));
            variants.add(new Variant("faceapi square" + l, fa, square::align, flip));
            variants.add(new Variant("faceapi dlib 5-point chip" + l, fa, five::align, flip));
            variants.add(new Variant("faceapi dlib mean-face chip" + l, fa, mean::align, flip));
        }
        int[] splitFolds = Folds.of(split.pairs(), 10);
        Map<String, String> used = new LinkedHashMap<>();
        for (int k = 0; k < split.pairs().size(); k++) {
            LfwPair p = split.pairs().get(k);
            if (splitFolds[k] < useFolds) {
                used.putIfAbsent(p.fileA(), p.nameA());
                used.putIfAbsent(p.fileB(), p.nameB());
            }
        }
        List<String> files = new ArrayList<>(used.keySet());
        List<String> identities = new ArrayList<>(used.values());
        int rules = 2 + CENTRAL_SHARES.length;
        // vectors[variant][rule][image]
        float[][][][] vectors = new float[variants.size()][rules][files.size()][];
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> all = files;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < files.size(); k++) {
                int index = k;
                futures.add(pool.submit(() -> {
                    embed(pipeline, folder.resolve(all.get(index)), variants, sources, vectors, index);
                    int n = done.incrementAndGet();
                    if (n % 250 == 0) {
                        System.err.printf(Locale.ROOT, "[sweep] %d / %d images (%.0f s)%n", n, all.size(),
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
        Map<String, Integer> indexOf = new LinkedHashMap<>();
        for (int k = 0; k < files.size(); k++) {
            indexOf.put(files.get(k), k);
        }
        List<LfwPair> pairs = split.pairs().stream()
                .filter(p -> indexOf.containsKey(p.fileA()) && indexOf.containsKey(p.fileB())).toList();
        int[] fold = Folds.of(pairs, 10);
        System.out.printf(Locale.ROOT, "# Crop sweep on %s (%d images, %d protocol pairs)%n%n", split.name(),
                files.size(), pairs.size());
        System.out.println("| variant | face rule | 10-fold accuracy | protocol EER | all-pairs EER | FNMR at FMR 1e-3 "
                + "| FNMR at FMR 1e-4 | thr. 1e-3 |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int v = 0; v < variants.size(); v++) {
            for (int r = 0; r < rules; r++) {
                float[][] vs = vectors[v][r];
                FoldAccuracy.ScoredPair[] scored = new FoldAccuracy.ScoredPair[pairs.size()];
                List<Double> gen = new ArrayList<>();
                List<Double> imp = new ArrayList<>();
                for (int k = 0; k < pairs.size(); k++) {
                    LfwPair p = pairs.get(k);
                    float[] a = vs[indexOf.get(p.fileA())];
                    float[] b = vs[indexOf.get(p.fileB())];
                    double s = a == null || b == null ? LfwModelReport.NO_FACE : AllPairsScores.dot(a, b);
                    scored[k] = new FoldAccuracy.ScoredPair(fold[k], p.genuine(), s);
                    (p.genuine() ? gen : imp).add(s);
                }
                FoldAccuracy.Result acc = FoldAccuracy.evaluate(scored, 10);
                ErrorRates protocol = ErrorRates.of(gen.stream().mapToDouble(Double::doubleValue).toArray(),
                        imp.stream().mapToDouble(Double::doubleValue).toArray());
                AllPairsScores allPairs = AllPairsScores.score(identities, java.util.Arrays.asList(vs), 0);
                ErrorRates rates = ErrorRates.sorted(allPairs.genuine, allPairs.impostor);
                double t3 = rates.thresholdAtFmr(1e-3);
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f ± %.2f %% | %.2f %% | %.2f %% | %.2f %% | %.2f %% | %.3f |%n",
                        variants.get(v).name(), ruleName(r), 100 * acc.mean(), 100 * acc.std(),
                        100 * protocol.eer().rate(), 100 * rates.eer().rate(), 100 * rates.fnmr(t3),
                        100 * rates.fnmr(rates.thresholdAtFmr(1e-4)), t3);
                System.out.flush();
            }
        }
    }

    private static String ruleName(int r) {
        return r == 0 ? "largest" : r == 1 ? "central"
                : String.format(Locale.ROOT, "central if >= %.2f of largest", CENTRAL_SHARES[r - 2]);
    }

    /** Landmarks of a face in an image. */
    private interface LandmarkSource {
        FaceLandmarks locate(FaceImage image, DetectedFace face);
    }

    private static void embed(Pipeline pipeline, Path file, List<Variant> variants, List<LandmarkSource> sources,
                              float[][][][] vectors, int index) throws Exception {
        try (FaceImage image = pipeline.flow.decode(Files.readAllBytes(file))) {
            List<DetectedFace> faces = pipeline.flow.locate(image).faces();
            DetectedFace largest = FaceRule.LARGEST.choose(faces, image.width(), image.height()).orElse(null);
            DetectedFace central = FaceRule.CENTRAL.choose(faces, image.width(), image.height()).orElse(null);
            if (largest == null) {
                return;
            }
            DetectedFace[] chosen = new DetectedFace[2 + CENTRAL_SHARES.length];
            chosen[0] = largest;
            chosen[1] = central;
            for (int s = 0; s < CENTRAL_SHARES.length; s++) {
                chosen[2 + s] = central.box().area() >= CENTRAL_SHARES[s] * largest.box().area() ? central : largest;
            }
            // Each face's landmarks from each source a variant uses, located once.
            Map<DetectedFace, FaceLandmarks[]> landmarks = new LinkedHashMap<>();
            for (DetectedFace f : new DetectedFace[] {largest, central}) {
                landmarks.computeIfAbsent(f, x -> new FaceLandmarks[sources.size()]);
            }
            for (int v = 0; v < variants.size(); v++) {
                Variant variant = variants.get(v);
                Map<DetectedFace, float[]> byFace = new LinkedHashMap<>();
                for (int r = 0; r < chosen.length; r++) {
                    DetectedFace f = chosen[r];
                    vectors[v][r][index] = byFace.computeIfAbsent(f, x -> {
                        FaceLandmarks[] located = landmarks.get(x);
                        if (located[variant.landmarks()] == null) {
                            located[variant.landmarks()] = sources.get(variant.landmarks()).locate(image, x);
                        }
                        FaceLandmarks lm = located[variant.landmarks()];
                        try (FaceImage crop = variant.crop().apply(image, lm)) {
                            return augmented(pipeline, crop, variant);
                        }
                    });
                }
            }
        }
    }

    /**
     * The crop's template, or the mean of the templates of the crop and its mirror image (augment 1), or of n
     * jittered copies (augment n > 1: rotation within ±3°, scale 0.97-1, shift within ±2 % of the side, mirrored
     * half the time; a fixed seed per image so runs repeat), normalised again.
     */
    private static float[] augmented(Pipeline pipeline, FaceImage crop, Variant variant) {
        float[] sum = pipeline.embedder.embed(crop, variant.modelKey()).vector().clone();
        int copies = variant.augment();
        if (copies == 0) {
            return sum;
        }
        Mat src = Images.mat(crop);
        java.util.Random random = new java.util.Random(src.cols() * 31L + copies);
        int n = copies == 1 ? 1 : copies - 1;
        for (int c = 0; c < n; c++) {
            Mat out = new Mat();
            if (copies == 1) {
                Core.flip(src, out, 1);
            } else {
                double angle = (random.nextDouble() * 2 - 1) * 3;
                double scale = 1 / (0.97 + 0.03 * random.nextDouble());
                org.opencv.core.Mat m = org.opencv.imgproc.Imgproc.getRotationMatrix2D(
                        new org.opencv.core.Point(src.cols() / 2.0, src.rows() / 2.0), angle, scale);
                m.put(0, 2, m.get(0, 2)[0] + (random.nextDouble() * 2 - 1) * 0.02 * src.cols());
                m.put(1, 2, m.get(1, 2)[0] + (random.nextDouble() * 2 - 1) * 0.02 * src.rows());
                Mat warped = new Mat();
                org.opencv.imgproc.Imgproc.warpAffine(src, warped, m, src.size(),
                        org.opencv.imgproc.Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, org.opencv.core.Scalar.all(0));
                m.release();
                if (random.nextBoolean()) {
                    Core.flip(warped, out, 1);
                    warped.release();
                } else {
                    out.release();
                    out = warped;
                }
            }
            try (FaceImage copy = new MatImage(out)) {
                float[] v = pipeline.embedder.embed(copy, variant.modelKey()).vector();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += v[i];
                }
            }
        }
        return AllPairsScores.unitLength(sum);
    }

    /** iBUG 68 mirror pairs: the index each point takes in the horizontally flipped face. */
    static final int[] MIRROR = mirror();

    private static int[] mirror() {
        int[] m = new int[68];
        for (int i = 0; i < 68; i++) {
            m[i] = i;
        }
        int[][] pairs = {{0, 16}, {1, 15}, {2, 14}, {3, 13}, {4, 12}, {5, 11}, {6, 10}, {7, 9},
                {17, 26}, {18, 25}, {19, 24}, {20, 23}, {21, 22}, {31, 35}, {32, 34},
                {36, 45}, {37, 44}, {38, 43}, {39, 42}, {40, 47}, {41, 46},
                {48, 54}, {49, 53}, {50, 52}, {55, 59}, {56, 58}, {60, 64}, {61, 63}, {65, 67}};
        for (int[] p : pairs) {
            m[p[0]] = p[1];
            m[p[1]] = p[0];
        }
        return m;
    }

    /** The landmarks of the face averaged with those of its mirror image (mirrored back). */
    static FaceLandmarks flipAveraged(Pipeline pipeline, FaceImage image, DetectedFace face) {
        FaceLandmarks plain = pipeline.flow.landmarks(image, face);
        int w = image.width();
        Mat flipped = new Mat();
        Core.flip(Images.mat(image), flipped, 1);
        try (FaceImage mirror = new MatImage(flipped)) {
            Box b = face.box();
            DetectedFace mf = new DetectedFace(new Box(w - b.x2(), b.y1(), w - b.x1(), b.y2()), face.score());
            List<Point> m = pipeline.flow.landmarks(mirror, mf).points();
            List<Point> p = plain.points();
            List<Point> avg = new ArrayList<>(p.size());
            for (int i = 0; i < p.size(); i++) {
                Point q = m.get(MIRROR[i]);
                avg.add(new Point((p.get(i).x() + (w - q.x())) / 2, (p.get(i).y() + q.y()) / 2));
            }
            return new FaceLandmarks(avg, withFive(avg, 4, true));
        }
    }

    /** The point-by-point mean of two sets of 68 landmarks, with the platform's five points of it. */
    static FaceLandmarks averaged(FaceLandmarks a, FaceLandmarks b) {
        List<Point> avg = new ArrayList<>(a.points().size());
        for (int i = 0; i < a.points().size(); i++) {
            Point p = a.points().get(i);
            Point q = b.points().get(i);
            avg.add(new Point((p.x() + q.x()) / 2, (p.y() + q.y()) / 2));
        }
        return new FaceLandmarks(avg, withFive(avg, 4, true));
    }

    private static FaceLandmarks withFive(FaceLandmarks lm, int eyePoints, boolean innerMouth) {
        return new FaceLandmarks(lm.points(), withFive(lm.points(), eyePoints, innerMouth));
    }

    /** Five points from the 68: eye centres from 4 lid points or all 6; mouth corners outer, or outer+inner. */
    static List<Point> withFive(List<Point> p, int eyePoints, boolean innerMouth) {
        Point le = eyePoints == 6 ? mean(p, 36, 37, 38, 39, 40, 41) : mean(p, 37, 38, 40, 41);
        Point re = eyePoints == 6 ? mean(p, 42, 43, 44, 45, 46, 47) : mean(p, 43, 44, 46, 47);
        Point lm = innerMouth ? mean(p, 48, 60) : p.get(48);
        Point rm = innerMouth ? mean(p, 54, 64) : p.get(54);
        return List.of(le, re, p.get(30), lm, rm);
    }

    private static Point mean(List<Point> p, int... indices) {
        double x = 0;
        double y = 0;
        for (int i : indices) {
            x += p.get(i).x();
            y += p.get(i).y();
        }
        return new Point(x / indices.length, y / indices.length);
    }

    private static String option(List<String> flags, String name, String fallback) {
        int i = flags.indexOf(name);
        return i >= 0 && i + 1 < flags.size() ? flags.get(i + 1) : fallback;
    }
}
