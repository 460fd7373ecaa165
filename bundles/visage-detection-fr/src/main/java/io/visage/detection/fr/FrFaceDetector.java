package io.visage.detection.fr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import ai.onnxruntime.OrtException;
import io.visage.api.face.Box;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceDetector;
import io.visage.api.face.FaceImage;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;
import io.visage.api.stage.ModelConsumer;
import io.visage.imaging.Images;
import io.visage.imaging.OpenCvNatives;
import io.visage.imaging.Tensors;
import io.visage.onnx.ModelSession;
import io.visage.onnx.ModelStage;
import io.visage.onnx.OnnxSessions;

/**
 * Face detection with an fr_detect-style model: the image is letterboxed (aspect ratio kept, grey padding) to
 * the model's input, the decoded boxes are mapped back to image pixels, and overlapping boxes are removed by
 * non-maximum suppression in score order. The model comes from the highest-ranked matching model service and
 * can be swapped at runtime.
 */
@Component(service = {FaceDetector.class, ModelConsumer.class}, configurationPid = FrFaceDetector.PID,
        property = ModelStage.MODEL_TARGET + "=" + FrFaceDetector.MODEL_TARGET)
@Designate(ocd = FrFaceDetector.Config.class)
public final class FrFaceDetector extends ModelStage implements FaceDetector {

    public static final String PID = "io.visage.detection.fr";

    static final String MODEL_TARGET = "(&(" + ModelService.KIND + "=" + ModelService.KIND_FACE_DETECTOR + ")("
            + ModelService.NAME + "=fr_detect))";

    @ObjectClassDefinition(name = "Visage face detector (fr_detect)",
            description = "Face detection; model.target selects the model service.")
    public @interface Config {
        @AttributeDefinition(name = "Score threshold", description = "Minimum face score 0..1. Default 0.6 "
                + "(the package uses 0.65; 0.6 also finds the tight 150 px crops).")
        double score_threshold() default 0.6;

        @AttributeDefinition(name = "NMS IoU", description = "Boxes overlapping a higher-scored box by more than "
                + "this intersection over union are dropped. Default 0.4.")
        double nms_iou() default 0.4;

        @AttributeDefinition(name = "Minimum face size", description = "Faces smaller than this many pixels "
                + "(shorter side, in the original image) are ignored. Default 20.")
        int min_face_pixels() default 20;

        @AttributeDefinition(name = "Maximum faces", description = "At most this many faces are returned, "
                + "highest score first. Default 50.")
        int max_faces() default 50;

        @AttributeDefinition(name = "Second pass zoom", description = "When the first pass (the whole image at the "
                + "model's 320x240) finds no face, the image is searched again at this many times the first pass's "
                + "resolution (at most the image's own), in overlapping tiles. Default 3.")
        double second_pass_zoom() default 3.0;

        @AttributeDefinition(name = "Second pass score threshold", description = "Minimum face score 0..1 in the "
                + "second pass. Default 0.9: a page of print offers many more face-like patterns than a photo "
                + "(a coat of arms on the back of an ID card scores 0.87), while small real faces score 0.95 and more.")
        double second_pass_score_threshold() default 0.9;

        @AttributeDefinition(name = "Second pass tiles", description = "At most this many tiles (one model run "
                + "each) in the second pass; the zoom is lowered to stay within it; 0 turns the second pass off. "
                + "Default 9.")
        int second_pass_max_tiles() default 9;

        @AttributeDefinition(name = "Second pass below", description = "The second pass also runs when every face "
                + "the first pass finds is narrower than this many pixels at the model's resolution: so small a face is "
                + "at the model's limit (a user far from the camera, the portrait of a page where the first pass took "
                + "a face-like print); the faces of both passes are kept. 0: only when the first pass finds nothing. "
                + "Default 24 (a face of 0.13 of a 480x640 frame's width, too far anyway; the labelled photos' faces "
                + "measure 32 and more).")
        int second_pass_below_pixels() default 24;

        @AttributeDefinition(name = "Second pass maximum scale", description = "The second pass enlarges the image "
                + "at most this many times: enlarging adds no detail, but a little helps the model with faces of 25 to "
                + "35 px, while more makes face-like prints (an emblem on the back of an ID card) look like faces. "
                + "Default 1.25.")
        double second_pass_max_scale() default 1.25;

        @AttributeDefinition(name = "Tile overlap", description = "Fraction of a tile shared with its neighbour, so "
                + "that a face cut by one tile's border is whole in the next. Default 0.25.")
        double tile_overlap() default 0.25;

        @AttributeDefinition(name = "Model filter", description = "LDAP filter selecting the model service.")
        String model_target() default MODEL_TARGET;
    }

    /** Tunables of the detector. */
    public record Settings(double scoreThreshold, double nmsIou, int minFacePixels, int maxFaces,
                           double secondPassZoom, double secondPassScoreThreshold, int secondPassMaxTiles,
                           double tileOverlap, int secondPassBelowPixels, double secondPassMaxScale) {
        public static final Settings DEFAULT = new Settings(0.6, 0.4, 20, 50, 3.0, 0.9, 9, 0.25, 24, 1.25);

        /** These settings without the second pass: the whole image at the model's resolution only. */
        public Settings singlePass() {
            return new Settings(scoreThreshold, nmsIou, minFacePixels, maxFaces, secondPassZoom,
                    secondPassScoreThreshold, 0, tileOverlap, secondPassBelowPixels, secondPassMaxScale);
        }
    }

    private static final double PAD_VALUE = 127;
    /** Model-input pixels: a box this close to a tile border that is inside the image is a cut face. */
    private static final double TILE_EDGE = 2;

    private final Settings settings;

    @Activate
    public FrFaceDetector(Config config, @Reference(name = "sessions") OnnxSessions sessions) {
        this(new Settings(config.score_threshold(), config.nms_iou(), config.min_face_pixels(), config.max_faces(),
                config.second_pass_zoom(), config.second_pass_score_threshold(), config.second_pass_max_tiles(),
                config.tile_overlap(), config.second_pass_below_pixels(), config.second_pass_max_scale()), sessions);
    }

    public FrFaceDetector(Settings settings, OnnxSessions sessions) {
        super(sessions, ModelService.KIND_FACE_DETECTOR, PID, "face detector");
        OpenCvNatives.load();
        this.settings = settings;
    }

    /**
     * The whole image in one pass; when that finds nothing, or only faces at the model's limit, a tiled second pass
     * at a higher resolution (faces too small for 320x240: a user standing far from the camera, the portrait of a
     * full-page scan). The cost is bounded by {@code second_pass_max_tiles} model runs.
     */
    @Override
    public List<DetectedFace> detect(FaceImage image) {
        try (ModelSession.Lease lease = lease()) {
            Mat mat = Images.mat(image);
            List<DetectedFace> faces = firstPass(lease, mat);
            if (settings.secondPassMaxTiles() > 0 && allTiny(faces, lease.descriptor(), mat)) {
                faces.addAll(tiledPass(lease, mat));
            }
            return nms(faces);
        } catch (OrtException e) {
            throw new IllegalStateException("face detector inference failed", e);
        }
    }

    /** No face, or none as wide as {@code second_pass_below_pixels} at the first pass's resolution. */
    private boolean allTiny(List<DetectedFace> faces, ModelDescriptor d, Mat image) {
        double scale = firstPassScale(d, image);
        for (DetectedFace face : faces) {
            if (face.box().width() * scale >= settings.secondPassBelowPixels()) {
                return false;
            }
        }
        return true;
    }

    private static double firstPassScale(ModelDescriptor d, Mat image) {
        return Math.min((double) d.inputWidth() / image.cols(), (double) d.inputHeight() / image.rows());
    }

    /** The whole image letterboxed into the model's input. */
    private List<DetectedFace> firstPass(ModelSession.Lease lease, Mat image) throws OrtException {
        double scale = firstPassScale(lease.descriptor(), image);
        Mat resized = resize(image, scale);
        try {
            List<DetectedFace> faces = new ArrayList<>();
            for (DetectedFace raw : infer(lease, resized, settings.scoreThreshold())) {
                addInImage(faces, raw.box(), raw.score(), 0, 0, scale, image);
            }
            return faces;
        } finally {
            resized.release();
        }
    }

    /**
     * The image at {@code second_pass_zoom} times the first pass's resolution, cut into overlapping tiles of the
     * model's input size: faces a few pixels wide at 320x240 become large enough to detect. A face cut by a tile
     * border is dropped there; the overlap makes sure it is whole in a neighbouring tile.
     */
    private List<DetectedFace> tiledPass(ModelSession.Lease lease, Mat image) throws OrtException {
        ModelDescriptor d = lease.descriptor();
        int inW = d.inputWidth();
        int inH = d.inputHeight();
        double fit = Math.min((double) inW / image.cols(), (double) inH / image.rows());
        // Enlarging adds no detail, only face-like patterns in print: at most secondPassMaxScale image pixels.
        double scale = Math.min(fit * settings.secondPassZoom(), settings.secondPassMaxScale());
        if (scale <= fit) {
            return List.of();
        }
        // Fewer, coarser tiles rather than an unbounded cost on very elongated images.
        while (tiles(scaledLength(image.cols(), scale), inW) * tiles(scaledLength(image.rows(), scale), inH)
                > settings.secondPassMaxTiles() && scale > fit) {
            scale = Math.max(fit, scale * 0.9);
        }
        Mat scaled = resize(image, scale);
        try {
            int cols = tiles(scaled.cols(), inW);
            int rows = tiles(scaled.rows(), inH);
            int tileW = Math.min(inW, scaled.cols());
            int tileH = Math.min(inH, scaled.rows());
            List<DetectedFace> faces = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int x = offset(c, cols, scaled.cols(), tileW);
                    int y = offset(r, rows, scaled.rows(), tileH);
                    Mat tile = scaled.submat(new Rect(x, y, tileW, tileH));
                    List<DetectedFace> found;
                    try {
                        found = infer(lease, tile, settings.secondPassScoreThreshold());
                    } finally {
                        tile.release();
                    }
                    for (DetectedFace raw : found) {
                        Box b = raw.box();
                        boolean cut = x > 0 && b.x1() < TILE_EDGE || y > 0 && b.y1() < TILE_EDGE
                                || x + tileW < scaled.cols() && b.x2() > tileW - TILE_EDGE
                                || y + tileH < scaled.rows() && b.y2() > tileH - TILE_EDGE;
                        if (!cut) {
                            addInImage(faces, b, raw.score(), x, y, scale, image);
                        }
                    }
                }
            }
            return faces;
        } finally {
            scaled.release();
        }
    }

    private int tiles(int length, int tile) {
        if (length <= tile) {
            return 1;
        }
        double stride = tile * (1 - settings.tileOverlap());
        return 1 + (int) Math.ceil((length - tile) / stride);
    }

    private static int offset(int index, int count, int length, int tile) {
        return count == 1 ? 0 : (int) Math.round((double) index * (length - tile) / (count - 1));
    }

    /** Maps a box from scaled, offset pixels back to the image, clips it and keeps it when large enough. */
    private void addInImage(List<DetectedFace> faces, Box b, double score, int offsetX, int offsetY, double scale,
            Mat image) {
        Box box = new Box((b.x1() + offsetX) / scale, (b.y1() + offsetY) / scale, (b.x2() + offsetX) / scale,
                (b.y2() + offsetY) / scale).clip(image.cols(), image.rows());
        if (Math.min(box.width(), box.height()) >= settings.minFacePixels()) {
            faces.add(new DetectedFace(box, score));
        }
    }

    private static Mat resize(Mat image, double scale) {
        Mat resized = new Mat();
        if (scale == 1) {
            image.copyTo(resized);
        } else {
            Size size = new Size(scaledLength(image.cols(), scale), scaledLength(image.rows(), scale));
            Imgproc.resize(image, resized, size, 0, 0, scale < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        }
        return resized;
    }

    private static int scaledLength(int length, double scale) {
        return Math.max(1, (int) Math.round(length * scale));
    }

    /**
     * One inference on pixels no larger than the model's input, centred on grey. Boxes are in those pixels'
     * coordinates and not clipped (a face cut by the edge may extend beyond them).
     */
    private List<DetectedFace> infer(ModelSession.Lease lease, Mat pixels, double scoreThreshold) throws OrtException {
        ModelDescriptor d = lease.descriptor();
        int inW = d.inputWidth();
        int inH = d.inputHeight();
        int padX = (inW - pixels.cols()) / 2;
        int padY = (inH - pixels.rows()) / 2;
        float[] input;
        Mat canvas = new Mat(inH, inW, pixels.type(), Scalar.all(PAD_VALUE));
        Mat target = canvas.submat(new Rect(padX, padY, pixels.cols(), pixels.rows()));
        try {
            pixels.copyTo(target);
            input = Tensors.chw(canvas, d.colourOrder(), d.mean(), d.std());
        } finally {
            target.release();
            canvas.release();
        }
        Map<String, float[]> outputs = lease.run(input, new long[] {1, 3, inH, inW});
        float[] scores = output(outputs, "scores");
        float[] boxes = output(outputs, "boxes");
        List<DetectedFace> found = new ArrayList<>();
        for (int i = 0; i < scores.length / 2; i++) {
            float score = scores[2 * i + 1];
            if (score < scoreThreshold) {
                continue;
            }
            double x1 = boxes[4 * i] * inW - padX;
            double y1 = boxes[4 * i + 1] * inH - padY;
            double x2 = boxes[4 * i + 2] * inW - padX;
            double y2 = boxes[4 * i + 3] * inH - padY;
            if (x2 > x1 && y2 > y1) {
                found.add(new DetectedFace(new Box(x1, y1, x2, y2), score));
            }
        }
        return found;
    }

    private List<DetectedFace> nms(List<DetectedFace> candidates) {
        candidates.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace candidate : candidates) {
            boolean overlaps = false;
            for (DetectedFace k : kept) {
                if (k.box().iou(candidate.box()) > settings.nmsIou()) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(candidate);
                if (kept.size() == settings.maxFaces()) {
                    break;
                }
            }
        }
        return List.copyOf(kept);
    }

    private static float[] output(Map<String, float[]> outputs, String name) {
        float[] values = outputs.get(name);
        if (values == null) {
            throw new IllegalStateException("model output " + name + " missing");
        }
        return values;
    }
}
