package io.visage.model.extender;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.utils.manifest.Attribute;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;

import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;

/**
 * The {@value #NAME} manifest header of a model bundle: one clause per model it carries, the clause's name being the
 * model's name and its attributes the model's metadata, for example
 * <pre>
 * Visage-Model: fr_detect;version="0.0.1";kind=face-detector;format=onnx;sha256=6c02...;
 *   resource=model/fr_detect.onnx;input=320x240;colour=RGB;mean="127,127,127";std="128,128,128";
 *   threshold.score=0.65;ranking=0;source="npm:..."
 * </pre>
 * Required: {@code version}, {@code kind}, {@code format}, {@code sha256}, {@code resource} (the artifact's path
 * in the bundle), {@code input} ({@code WIDTHxHEIGHT}), {@code colour}, {@code mean} and {@code std} (per-channel,
 * comma-separated). Optional: {@code ranking} (the default {@code service.ranking}, 0), {@code source},
 * {@code threshold.NAME} (default decision thresholds) and any other attribute, such as {@code crop}. Every
 * attribute but {@code ranking} becomes the service property {@code visage.model.ATTRIBUTE} ({@code input} becomes
 * {@code visage.model.input.width} and {@code .height}), the names consumers filter on ({@link ModelService#KIND}
 * ...).
 */
public final class ModelHeader {

    /** The manifest header. */
    public static final String NAME = "Visage-Model";
    /** The {@code osgi.extender} capability name model bundles require. */
    public static final String EXTENDER = "io.visage.model";
    /** Prefix of the service properties made from the attributes. */
    public static final String PROPERTY_PREFIX = "visage.model.";
    /** The configuration of a model's service ranking: this prefix and the model's name. */
    public static final String PID_PREFIX = "io.visage.model.";

    private static final String THRESHOLD = "threshold.";
    private static final Set<String> REQUIRED = Set.of("version", "kind", "format", "sha256", "resource", "input",
            "colour", "mean", "std");

    /**
     * One model of the header.
     *
     * @param descriptor the model's metadata
     * @param resource   the artifact's path inside the bundle (or jar)
     * @param ranking    the default {@code service.ranking}
     * @param properties the service properties ({@code visage.model.*}), without the ranking
     */
    public record Entry(ModelDescriptor descriptor, String resource, int ranking, Map<String, Object> properties) {
        public Entry {
            properties = Map.copyOf(properties);
        }

        /** The configuration PID under which an operator sets this model's {@code service.ranking}. */
        public String configurationPid() {
            return PID_PREFIX + descriptor.name();
        }
    }

    private ModelHeader() {
    }

    /**
     * The models of a header value.
     *
     * @throws IllegalArgumentException naming the model and the attribute when the header is malformed
     */
    public static List<Entry> parse(String header) {
        Clause[] clauses;
        try {
            clauses = Parser.parseHeader(header);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(NAME + " header is malformed: " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        for (Clause clause : clauses) {
            entries.add(entry(clause));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(NAME + " header names no model");
        }
        return entries;
    }

    private static Entry entry(Clause clause) {
        String name = clause.getName().trim();
        Map<String, String> a = new LinkedHashMap<>();
        for (Attribute attribute : clause.getAttributes()) {
            a.put(attribute.getName().trim(), attribute.getValue().trim());
        }
        for (String key : REQUIRED) {
            if (a.getOrDefault(key, "").isBlank()) {
                throw new IllegalArgumentException(NAME + " model " + name + " lacks " + key);
            }
        }
        int[] input = input(name, a.get("input"));
        Map<String, Double> thresholds = new LinkedHashMap<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(ModelService.NAME, name);
        int ranking = 0;
        for (Map.Entry<String, String> e : a.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key.equals("ranking")) {
                ranking = integer(name, key, value);
            } else if (key.equals("input")) {
                properties.put(PROPERTY_PREFIX + "input.width", String.valueOf(input[0]));
                properties.put(PROPERTY_PREFIX + "input.height", String.valueOf(input[1]));
            } else {
                if (key.startsWith(THRESHOLD)) {
                    thresholds.put(key.substring(THRESHOLD.length()), number(name, key, value));
                }
                properties.put(PROPERTY_PREFIX + key, value);
            }
        }
        ModelDescriptor descriptor = new ModelDescriptor(a.get("kind"), name, a.get("version"), a.get("format"),
                a.get("sha256").toLowerCase(java.util.Locale.ROOT), input[0], input[1], a.get("colour"),
                numbers(name, "mean", a.get("mean")), numbers(name, "std", a.get("std")), thresholds,
                a.getOrDefault("source", ""));
        return new Entry(descriptor, a.get("resource"), ranking, properties);
    }

    private static int[] input(String model, String value) {
        String[] wh = value.toLowerCase(java.util.Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException(NAME + " model " + model + ": input must be WIDTHxHEIGHT, not " + value);
        }
        return new int[] {integer(model, "input", wh[0]), integer(model, "input", wh[1])};
    }

    private static int integer(String model, String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(NAME + " model " + model + ": " + key + " is not a number: " + value, e);
        }
    }

    private static double number(String model, String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(NAME + " model " + model + ": " + key + " is not a number: " + value, e);
        }
    }

    private static List<Double> numbers(String model, String key, String csv) {
        List<Double> values = new ArrayList<>();
        for (String s : csv.split(",")) {
            values.add(number(model, key, s));
        }
        return values;
    }
}
