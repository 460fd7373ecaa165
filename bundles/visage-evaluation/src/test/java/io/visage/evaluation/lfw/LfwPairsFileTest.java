package io.visage.evaluation.lfw;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

public class LfwPairsFileTest {

    @Test
    public void viewOneHeaderGivesGenuineThenImpostorPairsOfOneSet() {
        List<LfwPair> pairs = LfwPairsFile.parse(List.of(
                "2",
                "Aaron_Peirsol\t1\t2",
                "Zinedine_Zidane 2 4",
                "AJ_Cook\t1\tMarsha_Thomason\t1",
                "Aaron_Sorkin\t2\tFrank_Solich\t5"));

        assertEquals(4, pairs.size());
        assertEquals(new LfwPair(0, "Aaron_Peirsol", 1, "Aaron_Peirsol", 2), pairs.get(0));
        assertEquals(new LfwPair(0, "Zinedine_Zidane", 2, "Zinedine_Zidane", 4), pairs.get(1));
        assertEquals(new LfwPair(0, "AJ_Cook", 1, "Marsha_Thomason", 1), pairs.get(2));
        assertTrue(pairs.get(1).genuine());
        assertFalse(pairs.get(3).genuine());
        assertEquals("faces/Aaron_Sorkin/Aaron_Sorkin_0002.jpg", pairs.get(3).fileA());
        assertEquals("faces/Frank_Solich/Frank_Solich_0005.jpg", pairs.get(3).fileB());
    }

    @Test
    public void viewTwoHeaderNumbersTheSets() {
        List<LfwPair> pairs = LfwPairsFile.parse(List.of(
                "2\t1",
                "A 1 2", "B 1 C 1",
                "D 3 4", "E 1 F 12",
                ""));

        assertEquals(List.of(0, 0, 1, 1), pairs.stream().map(LfwPair::set).toList());
        assertEquals(List.of(true, false, true, false), pairs.stream().map(LfwPair::genuine).toList());
        assertEquals("faces/F/F_0012.jpg", pairs.get(3).fileB());
    }

    @Test
    public void malformedFilesAreRejectedWithTheLine() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> LfwPairsFile.parse(List.of("2", "A 1 2", "B 1 C 1")));
        assertTrue(count.getMessage(), count.getMessage().contains("announces 4 pairs, the file has 2"));

        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> LfwPairsFile.parse(List.of("1", "A 1 B 2", "B 1 C 1")));
        assertTrue(shape.getMessage(), shape.getMessage().startsWith("line 2: expected a genuine pair"));

        IllegalArgumentException samePerson = assertThrows(IllegalArgumentException.class,
                () -> LfwPairsFile.parse(List.of("1", "A 1 2", "B 1 B 2")));
        assertTrue(samePerson.getMessage(), samePerson.getMessage().startsWith("line 3: impostor pair of one person"));

        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> LfwPairsFile.parse(List.of("1", "A one 2", "B 1 C 1")));
        assertTrue(number.getMessage(), number.getMessage().startsWith("line 2: not a number: one"));
    }

    /** The real View 1 files, when the shared data is on this machine. */
    @Test
    public void readsTheRealDevTrainAndDevTestFiles() throws Exception {
        String data = System.getProperty("visage.data.dir");
        Path protocol = data == null ? null : Path.of(data, "lfw-view1", "protocol");
        assumeTrue("LFW View 1 not found (system property visage.data.dir=" + data + "); skipped",
                protocol != null && Files.isDirectory(protocol));

        List<LfwPair> train = LfwPairsFile.read(protocol.resolve("pairsDevTrain.txt"));
        List<LfwPair> test = LfwPairsFile.read(protocol.resolve("pairsDevTest.txt"));

        assertEquals(2200, train.size());
        assertEquals(1100, train.stream().filter(LfwPair::genuine).count());
        assertEquals(1000, test.size());
        assertEquals(500, test.stream().filter(LfwPair::genuine).count());
        assertEquals(new LfwPair(0, "Aaron_Peirsol", 1, "Aaron_Peirsol", 2), train.get(0));
        assertEquals(new LfwPair(0, "AJ_Cook", 1, "Marsha_Thomason", 1), train.get(1100));
        Path faces = protocol.getParent();
        for (List<LfwPair> split : List.of(train, test)) {
            for (LfwPair p : split) {
                assertTrue(p.fileA(), Files.isRegularFile(faces.resolve(p.fileA())));
                assertTrue(p.fileB(), Files.isRegularFile(faces.resolve(p.fileB())));
            }
        }
        // View 1's splits hold disjoint people.
        List<String> trainPeople = train.stream().flatMap(p -> java.util.stream.Stream.of(p.nameA(), p.nameB()))
                .distinct().toList();
        assertTrue(test.stream().noneMatch(p -> trainPeople.contains(p.nameA()) || trainPeople.contains(p.nameB())));
    }
}
