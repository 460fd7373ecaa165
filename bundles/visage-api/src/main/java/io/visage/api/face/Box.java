package io.visage.api.face;

/** An axis-aligned rectangle in image pixel coordinates: top-left (x1, y1), bottom-right (x2, y2). */
public record Box(double x1, double y1, double x2, double y2) {

    public Box {
        if (!(x2 >= x1) || !(y2 >= y1)) {
            throw new IllegalArgumentException("empty or inverted box " + x1 + "," + y1 + "," + x2 + "," + y2);
        }
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    public Point centre() {
        return new Point((x1 + x2) / 2, (y1 + y2) / 2);
    }

    /** Intersection over union with {@code other}. */
    public double iou(Box other) {
        double iw = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double ih = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / (area() + other.area() - inter);
    }

    /** This box clipped to an image of the given size. */
    public Box clip(int width, int height) {
        return new Box(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height));
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
