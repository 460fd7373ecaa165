package io.visage.api.face;

/** A point in image pixel coordinates (x to the right, y down). */
public record Point(double x, double y) {
}
