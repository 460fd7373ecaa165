package io.visage.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded mixed-load soak of a running Visage, loopback only, with the server's memory sampled every minute.
 *
 * <p>C clients each loop over a fixed cycle of requests until the time is up: 1:N gallery matches (VGA camera
 * photo), liveness detections (a live and a spoof photo), face detections (the VGA photo, a group photo, a
 * document without a face, a 32-bit PNG with alpha, a truncated JPEG), enrolments of new users (faces/ images,
 * liveness off, every other one with its image saved) and deletions of those users, so the gallery stays at its
 * base size. Every (request, image) is sent once, after the base gallery is enrolled and before the soak, to
 * learn its answer (HTTP status and JSON {@code status}); during the soak any other answer, any non-JSON body or any
 * transport failure is an error.
 *
 * <p>Every {@code --sample-seconds} it prints one line: requests and errors of the interval, p50/p90 latency of
 * the interval over all requests, the server's resident memory (VmRSS of {@code --pid}, read from /proc),
 * and, when {@code jcmd} can attach, the NMT committed total (if the JVM runs with
 * {@code -XX:NativeMemoryTracking}) and the Java heap used after a full GC ({@code GC.run}: one collection per
 * sample). At the end a summary: drift of RSS from the first sample after the warm-up to the last.
 *
 * <pre>
 * java -cp benchmarks.jar io.visage.benchmarks.HttpSoak --base-url http://127.0.0.1:8181 --pid PID
 *     [--data DIR] [--minutes 30] [--clients 2] [--sample-seconds 60] [--warmup-minutes 5] [--base-users 20]
 *     [--csv FILE]
 * </pre>
 * Credentials from $VISAGE_API_USER / $VISAGE_API_KEY.
 */
public final class HttpSoak {

    private static final Pattern JSON_STATUS = Pattern.compile("^\\s*\\{.*?\"status\"\\s*:\\s*(\\d+)", Pattern.DOTALL);

    private final URI base;
    private final String apiUser;
    private final String apiKey;
    private final HttpClient client;

    /** One kind of request with one image; {@code expected} is learnt in the calibration pass. */
    private record Probe(String name, String path, String query, byte[] image, String file) {
    }

    private HttpSoak(URI base, String apiUser, String apiKey, int clients) {
        this.base = base;
        this.apiUser = apiUser;
        this.apiKey = apiKey;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(Math.max(2, clients), r -> {
                    Thread t = new Thread(r, "http-soak-client");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        URI base = URI.create(opts.getOrDefault("base-url", "http://127.0.0.1:8181").replaceAll("/$", ""));
        requireLoopback(base);
        String user = env("VISAGE_API_USER");
        String key = env("VISAGE_API_KEY");
        Path data = Path.of(opts.getOrDefault("data", System.getenv().getOrDefault("VISAGE_DATA_DIR",
                "../shared/data")));
        double minutes = Double.parseDouble(opts.getOrDefault("minutes", "30"));
        int clients = Integer.parseInt(opts.getOrDefault("clients", "2"));
        int sampleSeconds = Integer.parseInt(opts.getOrDefault("sample-seconds", "60"));
        double warmupMinutes = Double.parseDouble(opts.getOrDefault("warmup-minutes", "5"));
        int baseUsers = Integer.parseInt(opts.getOrDefault("base-users", "20"));
        long pid = Long.parseLong(opts.getOrDefault("pid", "0"));
        if (minutes <= 0 || minutes > 240 || clients < 1 || clients > 16 || sampleSeconds < 5 || baseUsers < 1
                || baseUsers > 500) {
            throw new IllegalArgumentException("bounds: 0 < minutes <= 240, 1 <= clients <= 16, sample-seconds >= 5, "
                    + "1 <= base-users <= 500");
        }
        PrintStream csv = opts.containsKey("csv") ? new PrintStream(Files.newOutputStream(Path.of(opts.get("csv"))),
                true, StandardCharsets.UTF_8) : null;
        new HttpSoak(base, user, key, clients).soak(data, minutes, clients, sampleSeconds, warmupMinutes, baseUsers,
                pid, csv);
    }

    private void soak(Path data, double minutes, int clients, int sampleSeconds, double warmupMinutes, int baseUsers,
                      long pid, PrintStream csv) throws Exception {
        byte[] vga = Files.readAllBytes(data.resolve(FacePipeline.VGA_SOURCE));
        List<Probe> cycle = new ArrayList<>();
        Probe gallery = new Probe("1:N", "/v2/gallery_matches", "top_n=5&save_image=false", vga, "vga.jpg");
        Probe live = new Probe("liveness", "/v2/liveness_detections", "save_image=false", vga, "vga.jpg");
        Probe spoof = probe("liveness", "/v2/liveness_detections", "save_image=false", data,
                "liveness/spoof/sfas__image_F1.jpg");
        Probe detect = new Probe("detection", "/v2/face_detections", "quality_measures=true", vga, "vga.jpg");
        Probe group = probe("detection", "/v2/face_detections", "", data, "groups/faceapi__bbt1.jpg");
        Probe noFace = probe("detection", "/v2/face_detections", "", data, "documents/passporteye__100_id-che.jpg");
        Probe alpha = probe("detection", "/v2/face_detections", "", data, "misc/facerec__32bit.png");
        Probe truncated = new Probe("detection", "/v2/face_detections", "", Arrays.copyOf(vga, vga.length / 2),
                "truncated.jpg");
        // 21 requests per cycle: 7 x 1:N, 4 x liveness, 6 x detection, 2 enrolments, 2 deletions.
        for (Probe p : List.of(gallery, live, detect, gallery, spoof, group, gallery, live, noFace, gallery,
                detect, gallery, alpha, live, gallery, truncated, gallery)) {
            cycle.add(p);
        }
        List<Path> faces = enrollableFaces(data);
        String prefix = "soak-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        List<String> baseRefs = new ArrayList<>();
        List<Path> usable = new ArrayList<>();
        for (Path face : faces) {
            String ref = prefix + "base" + baseRefs.size();
            HttpResponse<String> r = enrol(ref, face, false);
            if ("200/200".equals(answer(r))) {
                usable.add(face);
                if (baseRefs.size() < baseUsers) {
                    baseRefs.add(ref);
                } else {
                    delete(ref);
                }
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalStateException("no face image could be enrolled");
        }
        System.out.printf(Locale.ROOT, "gallery: %d base users; %d face images enrol; %d clients, %.1f minutes%n",
                baseRefs.size(), usable.size(), clients, minutes);
        // Learnt with the base gallery in place (an empty gallery answers 1:N with "Gallery ... not found.").
        Map<String, String> expected = new ConcurrentHashMap<>();
        for (Probe p : new java.util.LinkedHashSet<>(cycle)) {
            expected.put(p.name + " " + p.file, answer(send(post(p.path, p.query, p.image, p.file))));
        }
        System.out.println("answers learnt before the soak (HTTP status / JSON status):");
        expected.forEach((k, v) -> System.out.println("  " + k + " -> " + v));


        ConcurrentLinkedQueue<String> churn = new ConcurrentLinkedQueue<>();
        AtomicInteger serial = new AtomicInteger();
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byOp = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long deadline = start + (long) (minutes * 60e9);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c * 7;
            workers.add(pool.submit(() -> {
                int i = offset;
                while (System.nanoTime() < deadline) {
                    int slot = i++ % (cycle.size() + 4);
                    String op;
                    String seen;
                    String want;
                    long t0 = System.nanoTime();
                    try {
                        if (slot < cycle.size()) {
                            Probe p = cycle.get(slot);
                            op = p.name;
                            want = expected.get(p.name + " " + p.file);
                            seen = answer(send(post(p.path, p.query, p.image, p.file)));
                        } else if (slot < cycle.size() + 2) {
                            op = "enrol";
                            int n = serial.getAndIncrement();
                            String ref = prefix + n;
                            want = "200/200";
                            seen = answer(enrol(ref, usable.get(n % usable.size()), n % 2 == 0));
                            if (want.equals(seen)) {
                                churn.add(ref);
                            }
                        } else {
                            op = "delete";
                            String ref = churn.poll();
                            if (ref == null) {
                                continue;
                            }
                            want = "200/200";
                            seen = answer(delete(ref));
                        }
                    } catch (IOException e) {
                        op = "transport";
                        want = "answer";
                        seen = e.toString();
                    }
                    long t1 = System.nanoTime();
                    latencies.add(new long[] {t1, t1 - t0});
                    requests.incrementAndGet();
                    byOp.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
                    if (!want.equals(seen)) {
                        errors.incrementAndGet();
                        errorKinds.computeIfAbsent(op + ": " + seen + " instead of " + want,
                                k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            }));
        }

        String header = "minute,requests,errors,p50_ms,p90_ms,rss_mib,nmt_committed_mib,heap_after_gc_mib";
        System.out.println(header.replace(',', '\t'));
        if (csv != null) {
            csv.println(header);
        }
        List<double[]> samples = new ArrayList<>();
        int lastRequests = 0;
        int lastErrors = 0;
        long next = start + sampleSeconds * 1_000_000_000L;
        while (true) {
            long now = System.nanoTime();
            boolean last = now >= deadline || workers.stream().allMatch(Future::isDone);
            if (!last && now < next) {
                TimeUnit.NANOSECONDS.sleep(Math.min(next, deadline) - now);
                continue;
            }
            next += sampleSeconds * 1_000_000_000L;
            List<Long> window = new ArrayList<>();
            for (long[] l; (l = latencies.poll()) != null; ) {
                window.add(l[1]);
            }
            window.sort(null);
            int req = requests.get();
            int err = errors.get();
            double minute = (System.nanoTime() - start) / 60e9;
            double rss = rssMiB(pid);
            double nmt = nmtCommittedMiB(pid);
            double heap = heapAfterGcMiB(pid);
            double[] s = {minute, req - lastRequests, err - lastErrors, pct(window, 0.5), pct(window, 0.9), rss, nmt,
                    heap};
            samples.add(s);
            String line = String.format(Locale.ROOT, "%.1f,%d,%d,%.1f,%.1f,%.0f,%.0f,%.0f", s[0], (int) s[1],
                    (int) s[2], s[3], s[4], s[5], s[6], s[7]);
            System.out.println(line.replace(',', '\t'));
            if (csv != null) {
                csv.println(line);
            }
            lastRequests = req;
            lastErrors = err;
            if (last) {
                break;
            }
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdownNow();
        for (String ref; (ref = churn.poll()) != null; ) {
            delete(ref);
        }
        for (String ref : baseRefs) {
            delete(ref);
        }
        summary(samples, warmupMinutes, requests.get(), errors.get(), byOp, errorKinds);
    }

    private static void summary(List<double[]> samples, double warmupMinutes, int requests, int errors,
                                Map<String, AtomicInteger> byOp, Map<String, AtomicInteger> errorKinds) {
        Map<String, Integer> ops = new TreeMap<>();
        byOp.forEach((k, v) -> ops.put(k, v.get()));
        System.out.printf(Locale.ROOT, "%nrequests %d (%s), errors %d%n", requests, ops, errors);
        errorKinds.forEach((k, v) -> System.out.println("  " + v.get() + " x " + k));
        double[] first = samples.stream().filter(s -> s[0] >= warmupMinutes).findFirst().orElse(null);
        double[] last = samples.get(samples.size() - 1);
        if (first != null && first != last && first[5] > 0) {
            double maxRss = samples.stream().filter(s -> s[0] >= warmupMinutes).mapToDouble(s -> s[5]).max()
                    .orElse(0);
            System.out.printf(Locale.ROOT, "RSS after warm-up (minute %.1f): %.0f MiB, at the end (minute %.1f): "
                            + "%.0f MiB, drift %+.1f %% (highest %.0f MiB); p50 %.1f -> %.1f ms%n", first[0],
                    first[5], last[0], last[5], 100 * (last[5] - first[5]) / first[5], maxRss, first[3], last[3]);
        }
    }

    private HttpResponse<String> enrol(String ref, Path face, boolean saveImage)
            throws IOException {
        return send(post("/v1/users", "user_reference=" + enc(ref) + "&liveness=false&save_image=" + saveImage,
                read(face), face.getFileName().toString()));
    }

    private HttpResponse<String> delete(String ref) throws IOException {
        return send(authorised(HttpRequest.newBuilder(base.resolve("/v1/users?user_reference=" + enc(ref))))
                .timeout(Duration.ofSeconds(60)).DELETE().build());
    }

    /** "HTTP status/JSON status", or what was wrong with the answer. */
    private static String answer(HttpResponse<String> r) {
        Matcher m = JSON_STATUS.matcher(r.body());
        return r.statusCode() + "/" + (m.find() ? m.group(1) : "not JSON");
    }

    /** The faces/ images, one per identity folder first, so that a small gallery holds different people. */
    private static List<Path> enrollableFaces(Path data) throws IOException {
        List<Path> all;
        try (var files = Files.walk(data.resolve("faces"))) {
            all = files.filter(Files::isRegularFile).filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$"))
                    .sorted().toList();
        }
        return all;
    }

    private static Probe probe(String name, String path, String query, Path data, String file) throws IOException {
        return new Probe(name, path, query, read(data.resolve(file)), file);
    }

    private static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    private HttpRequest post(String path, String query, byte[] image, String file) {
        String boundary = "visage-soak-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream(image.length + 512);
        String type = file.toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                + Path.of(file).getFileName() + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return authorised(HttpRequest.newBuilder(base.resolve(path + (query.isEmpty() ? "" : "?" + query))))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder builder) {
        return builder.header("X-Api-User", apiUser).header("X-Api-Key", apiKey);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static double pct(List<Long> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    private static double rssMiB(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone: no figure
        }
        return Double.NaN;
    }

    private static double nmtCommittedMiB(long pid) {
        // "Total: reserved=...KB, committed=...KB" (NMT off: an error message, no figure)
        Matcher m = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(jcmd(pid,
                "VM.native_memory", "summary"));
        return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
    }

    private static double heapAfterGcMiB(long pid) {
        if (jcmd(pid, "GC.run").isEmpty()) {
            return Double.NaN;
        }
        // " garbage-first heap   total 524288K, used 81234K [...]"
        Matcher m = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
    }

    private static String jcmd(long pid, String... command) {
        if (pid <= 0) {
            return "";
        }
        List<String> cmd = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("$" + name + " is required");
        }
        return value;
    }

    /** Refuses anything but a loopback address: this tool is for a local test instance only. */
    private static void requireLoopback(URI base) throws IOException {
        if (base.getHost() == null || !"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("base URL must be http(s)://host:port: " + base);
        }
        for (InetAddress address : InetAddress.getAllByName(base.getHost())) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException(base.getHost() + " is not a loopback address: refusing to load it");
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: HttpSoak --base-url URL --pid PID [--data DIR] "
                        + "[--minutes 30] [--clients 2] [--sample-seconds 60] [--warmup-minutes 5] [--base-users 20] "
                        + "[--csv FILE]");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
