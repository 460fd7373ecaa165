package io.visage.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceTemplate;
import io.visage.detection.fr.FrFaceDetector;
import io.visage.imaging.Images;
import io.visage.model.extender.ClassPathModels;
import io.visage.onnx.internal.OrtSessionFactory;

/**
 * ID matching on the shared documents (ACCURACY.md, "Documents"): how many documents yield a face (one detector
 * pass at 320x240 vs the production detector with its second pass), and the selfie-to-document decision at each
 * model's default grade, as {@code /v1/id_matches} makes it (the document's largest face, no capture checks).
 * Genuine pairs: {@code pairs_documents.csv}. Impostor pairs: two documents of different specimens (every pair
 * of documents with a face that the CSV does not list; the specimens were looked at: no one else appears twice),
 * and every labelled face photo against every document (the selfie-to-document impostors). The same again with
 * each document on a white A4 page at 300 dpi, portrait, at its real width (a full-page scan).
 *
 * <p>Usage: {@code DocumentEvaluation <data-dir>}
 */
public final class DocumentEvaluation {

    private static final int PAGE_WIDTH = 2480;
    private static final int PAGE_HEIGHT = 3508;

    private final Path data;
    private final PrintStream out = System.out;
    private final Pipeline pipeline;

    private DocumentEvaluation(Path data) throws Exception {
        this.data = data;
        this.pipeline = new Pipeline(1);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !Files.isRegularFile(Path.of(args[0], "pairs_documents.csv"))) {
            System.err.println("usage: DocumentEvaluation <data-dir with pairs_documents.csv>");
            System.exit(2);
        }
        new DocumentEvaluation(Path.of(args[0])).run();
    }

    private void run() throws Exception {
        List<String> documents = new ArrayList<>();
        List<String> photos = new ArrayList<>();
        for (String[] row : csv("manifest.csv")) {
            if (row[2].equals("document")) {
                documents.add(row[0]);
            } else if (row[2].equals("face")) {
                photos.add(row[0]);
            }
        }
        Set<String> genuine = new HashSet<>();
        for (String[] row : csv("pairs_documents.csv")) {
            if (row[2].equals("1")) {
                genuine.add(key(row[0], row[1]));
            }
        }
        int[] singlePassFound = singlePassFound(documents);
        Map<String, Pipeline.Embedded> scans = new LinkedHashMap<>();
        Map<String, Pipeline.Embedded> pages = new LinkedHashMap<>();
        for (String document : documents) {
            byte[] bytes = Files.readAllBytes(data.resolve(document));
            scans.put(document, pipeline.embed(bytes));
            pages.put(document, pipeline.embed(onPage(bytes, document)));
        }
        Map<String, Pipeline.Embedded> selfies = new LinkedHashMap<>();
        for (String photo : photos) {
            selfies.put(photo, pipeline.embed(Files.readAllBytes(data.resolve(photo))));
        }
        out.println("## Documents (pairs_documents.csv), " + documents.size() + " documents");
        out.println();
        out.printf(Locale.ROOT, "Documents with a face: one pass at 320x240 %d, production detector %d; on A4 pages "
                + "(300 dpi): one pass %d, production detector %d.%n%n", singlePassFound[0], found(scans),
                singlePassFound[1], found(pages));
        out.printf(Locale.ROOT, "The platform's face rule (DetectedFace.mostRelevant) takes a face other than the "
                + "largest (the portrait) on %s documents as given and on %s pages.%n%n", notLargest(scans),
                notLargest(pages));
        out.println("| model (grade) | documents as given: TAR (genuine) | FAR document vs document | FAR photo vs "
                + "document | on A4 pages: TAR | FAR document vs document | FAR photo vs document |");
        out.println("|---|---|---|---|---|---|---|");
        row("fr_feature", pipeline.frFeatureModel.threshold("fmr1e-3", 0.5), Pipeline.Templates::frFeature, genuine,
                scans, pages, selfies);
        row("faceapi_resnet34", pipeline.faceApiModel.threshold("fmr1e-3", 0.5), Pipeline.Templates::faceApi, genuine,
                scans, pages, selfies);
        out.println();
    }

    /** One model at its default grade (its {@code fmr1e-3} threshold, as the gallery uses it). */
    private void row(String model, double grade, Function<Pipeline.Templates, FaceTemplate> pick,
            Set<String> genuine, Map<String, Pipeline.Embedded> scans, Map<String, Pipeline.Embedded> pages,
            Map<String, Pipeline.Embedded> selfies) {
        out.printf(Locale.ROOT, "| %s (%.2f) | %s | %s | %s | %s | %s | %s |%n", model, grade,
                documentPairs(genuine, scans, pick, grade, true), documentPairs(genuine, scans, pick, grade, false),
                photoPairs(selfies, scans, pick, grade), documentPairs(genuine, pages, pick, grade, true),
                documentPairs(genuine, pages, pick, grade, false), photoPairs(selfies, pages, pick, grade));
    }

    /** Accepted / pairs among the genuine or the impostor document pairs; a document without a face rejects. */
    private static String documentPairs(Set<String> genuine, Map<String, Pipeline.Embedded> documents,
            Function<Pipeline.Templates, FaceTemplate> pick, double grade, boolean wantGenuine) {
        List<String> names = new ArrayList<>(documents.keySet());
        int pairs = 0;
        int accepted = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                boolean same = genuine.contains(key(names.get(i), names.get(j)));
                Pipeline.Embedded a = documents.get(names.get(i));
                Pipeline.Embedded b = documents.get(names.get(j));
                boolean bothFaces = a.templates() != null && b.templates() != null;
                if (same != wantGenuine || !same && !bothFaces) {
                    continue;
                }
                pairs++;
                if (bothFaces) {
                    double s = pick.apply(a.templates()).similarity(pick.apply(b.templates()));
                    min = Math.min(min, s);
                    max = Math.max(max, s);
                    accepted += s >= grade ? 1 : 0;
                }
            }
        }
        return String.format(Locale.ROOT, "%d/%d (%s %.3f)", accepted, pairs, wantGenuine ? "min" : "max",
                wantGenuine ? min : max);
    }

    private static String photoPairs(Map<String, Pipeline.Embedded> photos, Map<String, Pipeline.Embedded> documents,
            Function<Pipeline.Templates, FaceTemplate> pick, double grade) {
        int pairs = 0;
        int accepted = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (Pipeline.Embedded photo : photos.values()) {
            for (Pipeline.Embedded document : documents.values()) {
                if (photo.templates() == null || document.templates() == null) {
                    continue;
                }
                pairs++;
                double s = pick.apply(photo.templates()).similarity(pick.apply(document.templates()));
                max = Math.max(max, s);
                accepted += s >= grade ? 1 : 0;
            }
        }
        return String.format(Locale.ROOT, "%d/%d (max %.3f)", accepted, pairs, max);
    }

    /** Documents as given and on A4 pages with a face found by the detector's first pass alone. */
    private int[] singlePassFound(List<String> documents) throws Exception {
        FrFaceDetector single = new FrFaceDetector(FrFaceDetector.Settings.DEFAULT.singlePass(),
                new OrtSessionFactory(1, 1));
        try {
            single.bindModel(ClassPathModels.get("fr_detect"));
            int[] found = new int[2];
            for (String document : documents) {
                byte[] bytes = Files.readAllBytes(data.resolve(document));
                try (FaceImage image = pipeline.decoder.decode(bytes);
                     FaceImage page = pipeline.decoder.decode(onPage(bytes, document))) {
                    found[0] += single.detect(image).isEmpty() ? 0 : 1;
                    found[1] += single.detect(page).isEmpty() ? 0 : 1;
                }
            }
            return found;
        } finally {
            single.deactivate();
        }
    }

    /** The documents whose chosen face is not their largest, by name. */
    private static List<String> notLargest(Map<String, Pipeline.Embedded> embedded) {
        List<String> names = new ArrayList<>();
        embedded.forEach((name, e) -> {
            if (e.faces().best() != null && e.faces().all().stream()
                    .anyMatch(f -> f.box().area() > e.faces().best().box().area())) {
                names.add(name.substring(name.lastIndexOf('/') + 1));
            }
        });
        return names;
    }

    private static int found(Map<String, Pipeline.Embedded> embedded) {
        return (int) embedded.values().stream().filter(e -> e.templates() != null).count();
    }

    /** The document at its real width (passport page 125 mm, ID card 85.6 mm) on a white A4 page, PNG. */
    private byte[] onPage(byte[] bytes, String name) {
        try (FaceImage document = pipeline.decoder.decode(bytes)) {
            Mat source = Images.mat(document);
            double k = (name.contains("pass") ? 125 : 85.6) / 25.4 * 300 / source.cols();
            Mat page = new Mat(PAGE_HEIGHT, PAGE_WIDTH, source.type(), Scalar.all(255));
            Mat scaled = new Mat();
            MatOfByte png = new MatOfByte();
            try {
                Imgproc.resize(source, scaled, new Size(Math.round(source.cols() * k), Math.round(source.rows() * k)),
                        0, 0, Imgproc.INTER_LINEAR);
                Mat target = page.submat(new Rect(PAGE_WIDTH / 8, PAGE_HEIGHT / 10, scaled.cols(), scaled.rows()));
                scaled.copyTo(target);
                target.release();
                Imgcodecs.imencode(".png", page, png);
                return png.toArray();
            } finally {
                png.release();
                scaled.release();
                page.release();
            }
        }
    }

    private List<String[]> csv(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(data.resolve(name));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(line.split(",", -1));
            }
        }
        return rows;
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
