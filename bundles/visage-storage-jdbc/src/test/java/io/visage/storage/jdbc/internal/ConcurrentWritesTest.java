package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Test;

import io.visage.api.storage.NewFace;
import io.visage.api.tenant.EndpointFamily;

/**
 * Two tenants enrolling at the same time, as two API users' requests do (the gallery serialises writes per tenant
 * only). Every row of a write takes a value from an identity column, and Derby hands those out from a shared
 * sequence whose update can fail with "a lock could not be obtained" when another transaction is taking one
 * (40XL1 from its SequenceUpdater): such a transaction is rolled back and had done nothing, so it is run again.
 */
public class ConcurrentWritesTest {

    @Test
    public void twoTenantsEnrollingTogetherLoseNoWrite() throws Exception {
        TestDatabase db = new TestDatabase();
        JdbcApiUserStore users = new JdbcApiUserStore(db);
        long[] tenants = {users.insert("t1", "h", EndpointFamily.all()).user().id(),
            users.insert("t2", "h", EndpointFamily.all()).user().id()};
        JdbcGalleryStore store = new JdbcGalleryStore(db);
        int perTenant = 400;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long tenant = tenants[t % 2];
                String prefix = "w" + t + "-";
                done.add(pool.submit((Callable<Integer>) () -> {
                    for (int i = 0; i < perTenant / 2; i++) {
                        store.createUser(tenant, prefix + i, face(i));
                        assertTrue(store.addFace(tenant, prefix + i, face(i + 1)).isPresent());
                    }
                    return perTenant / 2;
                }));
            }
            for (Future<Integer> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int[] faces = new int[1];
        store.forEachFace(face -> faces[0]++);
        assertEquals(2 * 2 * perTenant, faces[0]);
        assertEquals(perTenant, store.countUsers(tenants[0]));
        assertEquals(perTenant, store.countUsers(tenants[1]));
    }

    private static NewFace face(int seed) {
        float[] v = new float[8];
        v[seed % 8] = 1;
        return new NewFace("m", "1", v, Optional.empty());
    }
}
