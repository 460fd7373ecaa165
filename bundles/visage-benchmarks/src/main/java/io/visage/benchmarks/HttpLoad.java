package io.visage.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A bounded, closed-loop HTTP load generator for a running Visage, loopback only.
 *
 * <p>Enrols a small gallery (one user per image from {@code faces/} of the data dir, liveness and save_image
 * off), then for each concurrency level runs each scenario: {@code liveness} = POST /v2/liveness_detections
 * (save_image=false) and {@code gallery} = POST /v2/gallery_matches 1:N (top_n=5, save_image=false, liveness on,
 * the default), with the VGA photo {@code liveness/live/sfas__image_T1.jpg} as it left the camera (640x480, EXIF
 * 6), and {@code enrol} = POST /v1/users (a new user reference per request, the images of {@code faces/} in
 * rotation, liveness and save_image off: enrolment throughput, and a way to fill a large gallery; those users are
 * deleted at the end unless {@code --keep-users true}); {@code enrol-vga} the same with the VGA probe for every
 * request (issue 15's setting). C clients each send a request, wait for the answer, send
 * the next: a scenario stops after N measured
 * requests (after W warm-up requests) or after its time limit, whichever comes first. Prints median/p90/p99
 * latency and requests/s, then deletes the users it enrolled.
 *
 * <pre>
 * java -cp benchmarks.jar io.visage.benchmarks.HttpLoad --base-url http://127.0.0.1:8181 --api-user U --api-key K
 *     [--data DIR] [--requests 200] [--warmup 200] [--concurrency 1,2] [--users 20] [--max-seconds 120]
 *     [--scenarios liveness,gallery,enrol,enrol-vga] [--keep-users false]
 * </pre>
 * The credentials may also come from $VISAGE_API_USER / $VISAGE_API_KEY (kept off the command line).
 */
public final class HttpLoad {

    private final URI base;
    private final String apiUser;
    private final String apiKey;
    private final HttpClient client;
    private final Path data;

    private HttpLoad(URI base, String apiUser, String apiKey, Path data, int clients) {
        this.base = base;
        this.apiUser = apiUser;
        this.apiKey = apiKey;
        this.data = data;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(Math.max(2, clients), r -> {
                    Thread t = new Thread(r, "http-load-client");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        URI base = URI.create(strip(required(opts, "base-url", null)));
        requireLoopback(base);
        String user = required(opts, "api-user", "VISAGE_API_USER");
        String key = required(opts, "api-key", "VISAGE_API_KEY");
        Path data = Path.of(opts.getOrDefault("data", System.getenv().getOrDefault("VISAGE_DATA_DIR",
                "../shared/data")));
        int requests = Integer.parseInt(opts.getOrDefault("requests", "200"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "200"));
        int users = Integer.parseInt(opts.getOrDefault("users", "20"));
        double maxSeconds = Double.parseDouble(opts.getOrDefault("max-seconds", "120"));
        int[] levels = Arrays.stream(opts.getOrDefault("concurrency", "1,2").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        List<String> scenarios = List.of(opts.getOrDefault("scenarios", "liveness,gallery").split(","));
        boolean keepUsers = Boolean.parseBoolean(opts.getOrDefault("keep-users", "false"));
        if (requests < 1 || requests > 100_000 || warmup < 0 || users < 1 || users > 1000 || maxSeconds <= 0
                || maxSeconds > 3600 || Arrays.stream(levels).anyMatch(c -> c < 1 || c > 64)) {
            throw new IllegalArgumentException("bounds: 1 <= requests <= 100000, 1 <= users <= 1000, "
                    + "0 < max-seconds <= 3600, 1 <= concurrency <= 64");
        }
        int maxClients = Arrays.stream(levels).max().orElse(1);
        HttpLoad load = new HttpLoad(base, user, key, data, maxClients);
        byte[] probe = Files.readAllBytes(data.resolve(FacePipeline.VGA_SOURCE));
        String prefix = "load-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        List<String> enrolled = new ArrayList<>();
        List<String> enrolledByLoad = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            if (scenarios.contains("gallery")) {
                enrolled.addAll(load.enrol(prefix, users));
            }
            System.out.printf(Locale.ROOT, "%n| scenario | clients | requests | errors | p50 ms | p90 ms | p99 ms | max ms"
                    + " | requests/s |%n|---|---|---|---|---|---|---|---|---|%n");
            for (int clients : levels) {
                for (String scenario : scenarios) {
                    Scenario s = switch (scenario.trim()) {
                        case "liveness" -> new Scenario("POST /v2/liveness_detections", "/v2/liveness_detections",
                                "save_image=false", "liveness");
                        case "gallery" -> new Scenario("POST /v2/gallery_matches 1:N (" + enrolled.size() + " users)",
                                "/v2/gallery_matches", "top_n=5&save_image=false", "gallery_match");
                        case "enrol" -> new Scenario("POST /v1/users", "/v1/users", "liveness=false&save_image=false",
                                "User registered successfully.");
                        // the issue 15 setting: every request the same held-out VGA JPEG, a new reference each time
                        case "enrol-vga" -> new Scenario("POST /v1/users (VGA probe)", "/v1/users",
                                "liveness=false&save_image=false", "User registered successfully.");
                        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                    };
                    Stats stats = s.path.equals("/v1/users")
                            ? load.run(s, load.enrolments(prefix + "e" + clients + "-" + scenario.trim().length() + "-",
                                    enrolledByLoad, scenario.trim().equals("enrol-vga") ? List.of(probe) : null), clients,
                                    warmup, requests, maxSeconds)
                            : load.run(s, fixed(load.post(s.path, s.query, probe, Path.of("vga.jpg"))), clients,
                                    warmup, requests, maxSeconds);
                    System.out.println(stats.row(s.name, clients));
                    if (!stats.statuses.isEmpty()) {
                        System.err.println("  " + s.name + ", " + clients + " client(s): " + stats.statuses);
                    }
                }
            }
        } finally {
            load.delete(enrolled);
            if (keepUsers) {
                System.out.printf(Locale.ROOT, "%nkept %d users enrolled by the enrol scenario%n", enrolledByLoad.size());
            } else {
                load.delete(enrolledByLoad);
            }
        }
    }

    /** Makes the request each client sends next. */
    interface Requests {
        HttpRequest next() throws IOException;
    }

    private static Requests fixed(HttpRequest request) {
        return () -> request;
    }

    /** A new user reference per request (remembered for deletion), the images of faces/ in rotation. */
    /** New references, one per request, with the given images in rotation (null: the JPEGs of faces/). */
    private Requests enrolments(String prefix, List<String> created, List<byte[]> given) throws IOException {
        List<byte[]> images = given != null ? given : new ArrayList<>();
        if (given == null) {
            try (Stream<Path> files = Files.walk(data.resolve("faces"))) {
                for (Path p : files.filter(Files::isRegularFile)
                        .filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g$")).sorted().toList()) {
                    images.add(Files.readAllBytes(p));
                }
            }
        }
        AtomicInteger next = new AtomicInteger();
        return () -> {
            int n = next.getAndIncrement();
            String ref = prefix + n;
            created.add(ref);
            return post("/v1/users", "user_reference=" + enc(ref) + "&liveness=false&save_image=false",
                    images.get(n % images.size()), Path.of("face.jpg"));
        };
    }

    record Scenario(String name, String path, String query, String expectedKey) {
    }

    /** Enrols one user per image (spread over the face folders); returns the references created. */
    private List<String> enrol(String prefix, int users) throws IOException, InterruptedException {
        List<Path> images;
        try (Stream<Path> files = Files.walk(data.resolve("faces"))) {
            images = files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList();
        }
        List<String> created = new ArrayList<>();
        int step = Math.max(1, images.size() / users);
        long start = System.nanoTime();
        for (int i = 0; i < images.size() && created.size() < users; i += step) {
            String ref = prefix + String.format(Locale.ROOT, "%02d", created.size());
            HttpResponse<String> r = send(post("/v1/users", "user_reference=" + enc(ref)
                    + "&liveness=false&save_image=false", Files.readAllBytes(images.get(i)), images.get(i)));
            if (r.statusCode() / 100 == 2) {
                created.add(ref);
            } else {
                System.err.println("  enrolment of " + data.relativize(images.get(i)) + " refused: "
                        + r.statusCode() + " " + r.body());
            }
        }
        System.out.printf(Locale.ROOT, "enrolled %d users (%s00..) in %.1f s%n", created.size(), prefix,
                (System.nanoTime() - start) / 1e9);
        if (created.isEmpty()) {
            throw new IllegalStateException("no user could be enrolled");
        }
        return created;
    }

    private void delete(List<String> refs) {
        int deleted = 0;
        for (String ref : refs) {
            try {
                HttpRequest request = authorised(HttpRequest.newBuilder(
                        base.resolve("/v1/users?user_reference=" + enc(ref)))).DELETE().build();
                if (send(request).statusCode() / 100 == 2) {
                    deleted++;
                }
            } catch (IOException | InterruptedException e) {
                System.err.println("  could not delete " + ref + ": " + e);
            }
        }
        if (!refs.isEmpty()) {
            System.out.printf(Locale.ROOT, "%ndeleted %d of %d enrolled users%n", deleted, refs.size());
        }
    }

    /** Closed loop: each of {@code clients} workers sends, waits, sends again, until the counts or time run out. */
    private Stats run(Scenario s, Requests next, int clients, int warmup, int requests, double maxSeconds)
            throws Exception {
        AtomicInteger warm = new AtomicInteger(warmup);
        AtomicInteger remaining = new AtomicInteger(requests);
        long[] latencies = new long[requests];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        AtomicLong measuredStart = new AtomicLong();
        AtomicLong measuredEnd = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        boolean measured;
                        if (warm.getAndDecrement() > 0) {
                            measured = false;
                        } else if (remaining.getAndDecrement() > 0) {
                            measured = true;
                            measuredStart.compareAndSet(0, System.nanoTime());
                        } else {
                            return null;
                        }
                        HttpRequest request = next.next();
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = send(request);
                        long t1 = System.nanoTime();
                        boolean ok = r.statusCode() == 200 && r.body().contains("\"" + s.expectedKey + "\"");
                        if (measured) {
                            latencies[done.getAndIncrement()] = t1 - t0;
                            measuredEnd.accumulateAndGet(t1, Math::max);
                            if (!ok) {
                                errors.incrementAndGet();
                                String body = r.body();
                                statuses.computeIfAbsent(r.statusCode() + " "
                                        + body.substring(0, Math.min(120, body.length())),
                                        k -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        int n = done.get();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double seconds = n == 0 ? 0 : (measuredEnd.get() - measuredStart.get()) / 1e9;
        Map<String, Integer> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.get()));
        return new Stats(sorted, errors.get(), seconds, byStatus);
    }

    record Stats(long[] sortedNanos, int errors, double seconds, Map<String, Integer> statuses) {
        String row(String name, int clients) {
            int n = sortedNanos.length;
            return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |", name, clients,
                    n, errors, ms(0.50), ms(0.90), ms(0.99), n == 0 ? 0 : sortedNanos[n - 1] / 1e6,
                    seconds > 0 ? n / seconds : 0);
        }

        /** Nearest-rank percentile. */
        double ms(double q) {
            int n = sortedNanos.length;
            return n == 0 ? Double.NaN : sortedNanos[Math.min(n - 1, (int) Math.ceil(q * n) - 1)] / 1e6;
        }
    }

    private HttpRequest post(String path, String query, byte[] image, Path name) {
        String boundary = "visage-load-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream(image.length + 512);
        String file = name.getFileName().toString();
        String type = file.toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                + file + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return authorised(HttpRequest.newBuilder(base.resolve(path + "?" + query)))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder builder) {
        return builder.header("X-Api-User", apiUser).header("X-Api-Key", apiKey);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Refuses anything but a loopback address: this tool is for a local test instance only. */
    private static void requireLoopback(URI base) throws IOException {
        if (base.getHost() == null || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
            throw new IllegalArgumentException("base URL must be http(s)://host:port: " + base);
        }
        for (InetAddress address : InetAddress.getAllByName(base.getHost())) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException(base.getHost() + " is not a loopback address: refusing to load it");
            }
        }
    }

    private static String required(Map<String, String> opts, String name, String env) {
        String value = opts.get(name);
        if (value == null && env != null) {
            value = System.getenv(env);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required" + (env != null ? " (or $" + env + ")" : ""));
        }
        return value;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: HttpLoad --base-url URL --api-user U --api-key K "
                        + "[--data DIR] [--requests N] [--warmup W] [--concurrency 1,2] [--users 20] "
                        + "[--max-seconds S] [--scenarios liveness,gallery,enrol,enrol-vga] [--keep-users false]");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
