package io.visage.storage.jdbc.internal;

import static org.junit.Assume.assumeTrue;

import java.util.Optional;
import java.util.Random;

import org.junit.Test;

import io.visage.api.storage.NewFace;
import io.visage.api.storage.StorageCopy;
import io.visage.api.tenant.EndpointFamily;

/**
 * Not a test: the copy time of a gallery for BENCHMARKS.md. Runs only when asked, under
 * itests/postgresql/with-cluster.sh:
 * {@code mvn -o test -pl bundles/visage-storage-jdbc -Dtest=StorageCopyBenchmark -Dvisage.bench.copy.users=10000}.
 * Users have one 512-d template and a saved image of 40 KB (a VGA JPEG's size), as an enrolment leaves them.
 */
public class StorageCopyBenchmark {

    @Test
    public void copyAGallery() throws Exception {
        int users = Integer.getInteger("visage.bench.copy.users", 0);
        assumeTrue("-Dvisage.bench.copy.users=N runs it", users > 0);
        TestDatabase target = TestDatabase.postgresqlIfGiven();
        assumeTrue("needs VISAGE_TEST_POSTGRESQL_URL", target != null);
        TestDatabase source = TestDatabase.derby();
        long tenant = new JdbcApiUserStore(source).insert("bench", "h", EndpointFamily.all()).user().id();
        JdbcGalleryStore gallery = new JdbcGalleryStore(source);
        Random random = new Random(42);
        long fill = System.nanoTime();
        for (int i = 0; i < users; i++) {
            float[] vector = new float[512];
            for (int d = 0; d < vector.length; d++) {
                vector[d] = (float) random.nextGaussian();
            }
            byte[] image = new byte[40_000];
            random.nextBytes(image);
            gallery.createUser(tenant, "user-" + i, new NewFace("fr_feature", "0.0.1", vector, Optional.of(image)));
        }
        System.out.printf("filled Derby with %,d users in %.1f s%n", users, (System.nanoTime() - fill) / 1e9);
        long[] last = {0};
        StorageCopy.Report report = JdbcStorageCopy.copy(source, target, "bench", (table, done, total) -> last[0] = done);
        System.out.printf("copied %,d rows (%,d users with templates and images) to PostgreSQL and verified in %.1f s%n",
                report.rows(), users, report.took().toMillis() / 1000.0);
        report.tables().forEach(t -> System.out.printf("  %-26s %,d%n", t.table(), t.rows()));
    }
}
