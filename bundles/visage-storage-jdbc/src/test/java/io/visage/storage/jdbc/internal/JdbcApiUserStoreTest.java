package io.visage.storage.jdbc.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.util.EnumSet;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;

import io.visage.api.storage.ApiUserRecord;
import io.visage.api.storage.DuplicateException;
import io.visage.api.tenant.EndpointFamily;

public class JdbcApiUserStoreTest {
    private TestDatabase db;
    private JdbcApiUserStore store;

    @Before
    public void setUp() throws Exception {
        db = new TestDatabase();
        store = new JdbcApiUserStore(db);
    }

    @Test
    public void insertedUserIsFoundWithItsRolesAndHash() {
        store.insert("acme", "hash-1", EnumSet.of(EndpointFamily.GALLERY, EndpointFamily.LIVENESS));
        ApiUserRecord found = store.findByName("acme").orElseThrow();
        assertEquals("acme", found.user().name());
        assertEquals("hash-1", found.keyHash());
        assertTrue(found.user().enabled());
        assertEquals(EnumSet.of(EndpointFamily.GALLERY, EndpointFamily.LIVENESS), found.user().roles());
    }

    @Test
    public void duplicateNameIsRefusedAndTheFirstUserSurvives() {
        store.insert("acme", "hash-1", EndpointFamily.all());
        assertThrows(DuplicateException.class, () -> store.insert("acme", "hash-2", EndpointFamily.all()));
        assertEquals("hash-1", store.findByName("acme").orElseThrow().keyHash());
        assertEquals(1, store.list().size());
    }

    @Test
    public void updatesChangeOnlyTheNamedUser() {
        store.insert("a", "h", EndpointFamily.all());
        store.insert("b", "h", EndpointFamily.all());
        assertTrue(store.updateEnabled("a", false));
        assertTrue(store.updateKeyHash("a", "h2"));
        assertTrue(store.updateRoles("a", Set.of(EndpointFamily.DETECTION)));
        ApiUserRecord a = store.findByName("a").orElseThrow();
        assertFalse(a.user().enabled());
        assertEquals("h2", a.keyHash());
        assertEquals(Set.of(EndpointFamily.DETECTION), a.user().roles());
        ApiUserRecord b = store.findByName("b").orElseThrow();
        assertTrue(b.user().enabled());
        assertEquals(EndpointFamily.all(), b.user().roles());
        assertFalse(store.updateEnabled("nobody", true));
    }

    @Test
    public void deleteRemovesTheUser() {
        store.insert("a", "h", EndpointFamily.all());
        assertTrue(store.delete("a"));
        assertTrue(store.findByName("a").isEmpty());
        assertFalse(store.delete("a"));
    }

    @Test
    public void migrationsAreIdempotent() throws Exception {
        try (Connection c = db.open()) {
            assertEquals(Migrations.SCRIPTS.size(), Migrations.migrate(c));
        }
        store.insert("still-works", "h", EndpointFamily.all());
        assertTrue(store.findByName("still-works").isPresent());
    }
}
