package io.visage.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Budgets of failed authentications, in memory: per API user and per client address, each a fixed window
 * that starts with the first failure. Once a budget is used up, every attempt under that name or from that
 * address is refused until its window ends, the right key included (otherwise a 429 for wrong keys and a 200
 * for the right one would still answer the guess). Refused attempts neither count nor extend the window.
 *
 * <p>So that anyone who knows an API user's name cannot lock its partner out, an address that authenticated
 * as that user within the trust period is not held to the user's budget, only to its own.
 */
final class FailureThrottle {
    /** Budgets of 0 are off. */
    record Settings(int failuresPerUser, int failuresPerClient, long windowMillis, long trustMillis) {
    }

    private static final class Window {
        final long start;
        final int failures;

        Window(long start, int failures) {
            this.start = start;
            this.failures = failures;
        }
    }

    /** Beyond this many names or addresses, expired entries are dropped (and all, should none have expired). */
    static final int MAX_ENTRIES = 100_000;

    private final Settings settings;
    private final LongSupplier clock;
    private final Map<String, Window> users = new ConcurrentHashMap<>();
    private final Map<String, Window> clients = new ConcurrentHashMap<>();
    private final Map<String, Long> trusted = new ConcurrentHashMap<>();

    FailureThrottle(Settings settings, LongSupplier clockMillis) {
        this.settings = settings;
        this.clock = clockMillis;
    }

    /** 0 when the attempt may go ahead, otherwise the whole seconds (at least 1) until it may. */
    long refusedFor(String apiUser, String clientAddress) {
        long now = clock.getAsLong();
        long wait = 0;
        if (clientAddress != null) {
            wait = remaining(clients.get(clientAddress), settings.failuresPerClient(), now);
        }
        if (!isTrusted(apiUser, clientAddress, now)) {
            wait = Math.max(wait, remaining(users.get(apiUser), settings.failuresPerUser(), now));
        }
        return wait == 0 ? 0 : Math.max(1, (wait + 999) / 1000);
    }

    /** A failed attempt: @param apiUser null when the name is unknown (unknown names count against the address only). */
    void failed(String apiUser, String clientAddress) {
        long now = clock.getAsLong();
        if (clientAddress != null && settings.failuresPerClient() > 0) {
            count(clients, clientAddress, now);
        }
        if (apiUser != null && settings.failuresPerUser() > 0) {
            count(users, apiUser, now);
        }
    }

    void succeeded(String apiUser, String clientAddress) {
        if (clientAddress != null && settings.failuresPerUser() > 0) {
            long now = clock.getAsLong();
            if (trusted.size() >= MAX_ENTRIES) {
                trusted.values().removeIf(last -> now - last >= settings.trustMillis());
                if (trusted.size() >= MAX_ENTRIES) {
                    trusted.clear();
                }
            }
            trusted.put(pair(apiUser, clientAddress), now);
        }
    }

    /** A removed or re-keyed API user starts with a clean slate and no trusted addresses. */
    void forget(String apiUser) {
        users.remove(apiUser);
        trusted.keySet().removeIf(key -> key.startsWith(apiUser + '\0'));
    }

    private boolean isTrusted(String apiUser, String clientAddress, long now) {
        if (clientAddress == null) {
            return false;
        }
        Long last = trusted.get(pair(apiUser, clientAddress));
        return last != null && now - last < settings.trustMillis();
    }

    private long remaining(Window window, int budget, long now) {
        if (window == null || budget <= 0 || window.failures < budget) {
            return 0;
        }
        return Math.max(0, window.start + settings.windowMillis() - now);
    }

    private void count(Map<String, Window> windows, String name, long now) {
        if (windows.size() >= MAX_ENTRIES && !windows.containsKey(name)) {
            windows.values().removeIf(w -> now - w.start >= settings.windowMillis());
            if (windows.size() >= MAX_ENTRIES) {
                windows.clear();
            }
        }
        windows.compute(name, (key, window) -> window == null || now - window.start >= settings.windowMillis()
                ? new Window(now, 1) : new Window(window.start, window.failures + 1));
    }

    private static String pair(String apiUser, String clientAddress) {
        return apiUser + '\0' + clientAddress;
    }
}
