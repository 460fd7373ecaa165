package io.visage.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Assume;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Constants;

/**
 * Boots the real distribution once for the whole suite (every IT shares this configuration, and
 * Pax Exam's PerSuite strategy reuses the container), on free ports, and drives it like an operator
 * (shell commands) and like a partner (HTTP).
 */
public abstract class VisageTestSupport {
    private static final String HTTP_PORT = "visage.itest.httpPort";

    @Inject
    protected SessionFactory sessionFactory;

    @Configuration
    public Option[] config() throws IOException {
        String distribution = System.getProperty("visage.distribution");
        String dataDir = System.getProperty("visage.data.dir", "");
        String httpPort = Integer.toString(freePort());
        return new Option[] {
            karafDistributionConfiguration()
                .frameworkUrl(new File(distribution).toURI().toString())
                .karafVersion("4.4.10")
                .name("Visage")
                .unpackDirectory(new File("target/exam"))
                .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            // A container that never answers (its probe cannot be installed) fails the suite in two minutes.
            systemTimeout(BOOT_TIMEOUT_MILLIS),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                    Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                    Integer.toString(freePort())),
            // Only the distribution's own repositories, plus the folder holding Pax Exam's bundles: a bundle
            // missing from system/ fails here as it would on a user's machine, whatever ~/.m2 holds.
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                    "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                    + new File(System.getProperty("visage.examRepository")).toURI() + "@id=exam.repository"),
            // Karaf's own features and Pax Exam's first, Visage in a stage of its own: when Visage cannot be
            // installed, the probe still connects and the suite fails at once with the boot errors, instead of
            // Pax Exam waiting for a container whose single boot stage failed.
            editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "featuresBoot", "(wrap), (" + KARAF_FEATURES
                    + ", exam, test-dependencies), visage/" + System.getProperty("visage.version")),
            // What bin/setenv gives the distribution (Pax Exam starts the JVM itself): the Vector API module.
            vmOption("--add-modules=jdk.incubator.vector"),
            systemProperty(HTTP_PORT).value(httpPort),
            systemProperty("visage.data.dir").value(dataDir),
        };
    }

    private static final long BOOT_TIMEOUT_MILLIS = 120_000;
    /** The distribution's boot features other than wrap and visage (karaf-assembly/pom.xml). */
    private static final String KARAF_FEATURES = "package, scr, log, ssh, framework, system, eventadmin, feature, shell, "
            + "management, service, jaas, deployer, diagnostic, bundle, config, kar";
    private static volatile boolean platformUp;
    /** Set once the platform failed to come up: every later test fails at once with the same reason. */
    private static volatile String bootFailure;

    /**
     * The probe starts as soon as the container does; the platform's components come up a little
     * later. Wait until the API answers in JSON and the shell commands are registered. A platform that
     * does not come up (a boot feature that cannot be installed, say) fails the first test within the
     * timeout, or as soon as Karaf logs the failure, and every later test at once.
     */
    @Before
    public void awaitPlatform() throws Exception {
        if (bootFailure != null) {
            throw new AssertionError(bootFailure);
        }
        long deadline = System.currentTimeMillis() + BOOT_TIMEOUT_MILLIS;
        while (!platformUp) {
            boolean bootFailed = karafLog().contains("Error installing boot feature");
            if (bootFailed || System.currentTimeMillis() > deadline) {
                bootFailure = (bootFailed ? "Visage failed to boot" : "Visage did not come up within "
                        + BOOT_TIMEOUT_MILLIS / 1000 + " s") + "; errors in karaf.log:\n" + logErrors();
                throw new AssertionError(bootFailure);
            }
            platformUp = apiAnswersJson() && executeCommand("visage:api-user-list").contains("Name");
            if (!platformUp) {
                Thread.sleep(250);
            }
        }
    }

    /**
     * Whether the API answers the seed's JSON, asked with the JDK's own client: the test's {@link Http} needs
     * Jackson, which arrives with Visage's features, and a class that failed to load once stays failed.
     */
    private boolean apiAnswersJson() {
        try {
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) new java.net.URL(
                    "http://localhost:" + System.getProperty(HTTP_PORT) + "/v1/users").openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(5000);
            int status = connection.getResponseCode();
            java.io.InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return text.startsWith("{\"status\":") && !text.contains("Try again");
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    /** The ERROR lines of the container's log, each with the causes printed after it (stack frames left out). */
    private static String logErrors() throws IOException {
        String[] lines = karafLog().split("\\R");
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("| ERROR ")) {
                errors.append(lines[i]).append('\n');
                int causes = 0;
                for (int j = i + 1; j < lines.length && !lines[j].contains(" | ") && causes < 8; j++) {
                    String line = lines[j].trim();
                    if (!line.startsWith("at ") && !line.startsWith("...") && !line.isEmpty()) {
                        errors.append("    ").append(line).append('\n');
                        causes++;
                    }
                }
            }
        }
        return errors.toString();
    }

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        probe.setHeader(Constants.DYNAMICIMPORT_PACKAGE, "*");
        return probe;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    protected Http http() {
        return new Http("http://localhost:" + System.getProperty(HTTP_PORT));
    }

    /** Runs a command in a real Karaf shell session and returns what it printed (stdout and stderr). */
    protected String executeCommand(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Session session = sessionFactory.create(System.in, out, out)) {
            session.execute(command);
        } catch (Exception e) {
            e.printStackTrace(out);
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Runs a command as an administrator: Karaf's command ACLs (etc/org.apache.karaf.command.acl.*.cfg) refuse
     * commands such as bundle:stop or bundle:install to a session without the admin role ("Command not found").
     */
    @SuppressWarnings("removal")
    protected String executeAdminCommand(String command) {
        javax.security.auth.Subject admin = new javax.security.auth.Subject();
        admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal("karaf"));
        for (String role : new String[] {"admin", "manager", "viewer", "systembundles"}) {
            admin.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal(role));
        }
        return javax.security.auth.Subject.doAs(admin,
                (java.security.PrivilegedAction<String>) () -> executeCommand(command));
    }

    /** Creates an API user through the shell command and returns its key as printed once. */
    protected String addApiUser(String name, String roles) {
        String output = executeCommand("visage:api-user-add " + (roles == null ? "" : "--roles " + roles + " ") + name);
        for (String line : output.split("\\R")) {
            if (line.startsWith("api_key: ")) {
                return line.substring("api_key: ".length()).trim();
            }
        }
        throw new AssertionError("api-user-add printed no key: " + output);
    }

    protected static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    /** A labelled image from ../shared/data; skips the test (with the reason) when the data is absent. */
    protected static byte[] image(String relativePath) throws IOException {
        String dataDir = System.getProperty("visage.data.dir", "");
        Path path = Paths.get(dataDir, relativePath);
        Assume.assumeTrue("Test images not found at " + path + " (../shared/data); skipping", Files.isRegularFile(path));
        return Files.readAllBytes(path);
    }

    protected static String karafLog() throws IOException {
        return Files.readString(Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"));
    }
}
