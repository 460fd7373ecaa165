package io.visage.index.exact.internal;

import static org.junit.Assert.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

public class LongLongMapTest {

    @Test
    public void behavesLikeAHashMapUnderRandomOperations() {
        LongLongMap map = new LongLongMap();
        Map<Long, Long> reference = new HashMap<>();
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextInt(5000) - 2500L;
            switch (random.nextInt(3)) {
                case 0 -> {
                    Long previous = reference.remove(key);
                    assertEquals(previous == null ? LongLongMap.ABSENT : previous, map.remove(key));
                }
                case 1 -> {
                    long value = random.nextInt(Integer.MAX_VALUE);
                    Long previous = reference.put(key, value);
                    assertEquals(previous == null ? LongLongMap.ABSENT : previous, map.put(key, value));
                }
                default -> assertEquals((long) reference.getOrDefault(key, LongLongMap.ABSENT), map.get(key));
            }
            assertEquals(reference.size(), map.size());
        }
    }
}
