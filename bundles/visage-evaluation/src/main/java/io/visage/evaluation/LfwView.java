package io.visage.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.visage.evaluation.lfw.LfwPair;
import io.visage.evaluation.lfw.LfwPairsFile;

/** LFW View 1 on disk: the two protocol files and the images they name (under {@code faces/}). */
final class LfwView {

    /** One protocol split: its pairs and, in file order, the distinct images they use with their identity. */
    record Split(String name, List<LfwPair> pairs, Map<String, String> images) {

        List<String> files() {
            return new ArrayList<>(images.keySet());
        }

        List<String> identities() {
            return new ArrayList<>(images.values());
        }
    }

    final Path folder;
    final Split devTrain;
    final Split devTest;

    private LfwView(Path folder, Split devTrain, Split devTest) {
        this.folder = folder;
        this.devTrain = devTrain;
        this.devTest = devTest;
    }

    static LfwView load(Path folder) throws IOException {
        LfwView view = new LfwView(folder, split(folder, "DevTrain"), split(folder, "DevTest"));
        List<String> missing = new ArrayList<>();
        for (String file : view.allImages().keySet()) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                missing.add(file);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(missing.size() + " images named by the protocol are not in " + folder + ", e.g. "
                    + missing.subList(0, Math.min(5, missing.size())));
        }
        return view;
    }

    /** Both splits' images; View 1's splits hold disjoint people, so together they are the whole folder. */
    Map<String, String> allImages() {
        Map<String, String> all = new LinkedHashMap<>(devTrain.images());
        all.putAll(devTest.images());
        return all;
    }

    private static Split split(Path folder, String name) throws IOException {
        List<LfwPair> pairs = LfwPairsFile.read(folder.resolve("protocol").resolve("pairs" + name + ".txt"));
        Map<String, String> images = new LinkedHashMap<>();
        for (LfwPair p : pairs) {
            images.putIfAbsent(p.fileA(), p.nameA());
            images.putIfAbsent(p.fileB(), p.nameB());
        }
        return new Split(name, pairs, images);
    }
}
