package io.visage.storage.jdbc.internal;

import java.io.File;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database every store of this bundle uses. Embedded Derby under the distribution's data folder by
 * default; any JDBC database with an OSGi {@link DataSourceFactory} (pax-jdbc ships them) can be chosen
 * with {@code url} and {@code dataSourceFactory.target}. Migrates the schema on activation.
 */
@Component(service = ConnectionSource.class, configurationPid = JdbcDatabase.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JdbcDatabase.Config.class)
public final class JdbcDatabase implements ConnectionSource {
    static final String PID = "io.visage.storage.jdbc";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);

    @ObjectClassDefinition(name = "Visage storage (JDBC)",
            description = "The database holding API users, galleries, transactions and images.")
    @interface Config {
        @AttributeDefinition(name = "JDBC URL", description = "Empty means embedded Derby in "
                + "${karaf.data}/visage/derby. Example for a server: jdbc:postgresql://db:5432/visage")
        String url() default "";

        @AttributeDefinition(name = "User", description = "Database user; empty for embedded Derby.")
        String user() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
                description = "Database password; never logged. Its key is .password: a name with a leading "
                        + "dot is private, so DS does not copy it into the storage's service properties.")
        String _password() default "";

        @AttributeDefinition(name = "Driver filter", description = "Selects the DataSourceFactory service.")
        String dataSourceFactory_target() default "(osgi.jdbc.driver.class=org.apache.derby.jdbc.EmbeddedDriver)";

        @AttributeDefinition(name = "Max idle connections", min = "0",
                description = "Connections kept open between units of work (opening one costs more than most "
                        + "queries); 0 opens a new connection for every unit of work.")
        int maxIdleConnections() default 4;
    }

    private final Driver driver;
    private final String url;
    private final Properties credentials = new Properties();
    private final ConnectionPool pool;

    @Activate
    public JdbcDatabase(Config config, @Reference(name = "dataSourceFactory") DataSourceFactory dataSourceFactory)
            throws SQLException {
        this.url = config.url().isBlank() ? defaultDerbyUrl() : config.url();
        if (!config.user().isBlank()) {
            credentials.setProperty("user", config.user());
            credentials.setProperty("password", config._password());
        }
        this.driver = dataSourceFactory.createDriver(null);
        this.pool = new ConnectionPool(this::connect, config.maxIdleConnections());
        try (Connection connection = open()) {
            int version = Migrations.migrate(connection);
            LOG.info("Visage storage ready at {} (schema version {})", redacted(url), version);
        }
    }

    /** A connection from the pool: close it to give it back (uncommitted work is rolled back then). */
    @Override
    public Connection open() throws SQLException {
        return pool.open();
    }

    private Connection connect() throws SQLException {
        Connection connection = driver.connect(url, credentials);
        if (connection == null) {
            throw new SQLException("The JDBC driver does not accept " + redacted(url));
        }
        return connection;
    }

    @Deactivate
    void shutdown() {
        // The pooled connections first: Derby's shutdown would otherwise find them open.
        pool.close();
        if (!Migrations.isEmbeddedDerby(url)) {
            return;
        }
        // An embedded Derby database must be shut down cleanly, or the next boot runs crash recovery.
        String database = url.substring("jdbc:derby:".length()).split(";")[0];
        try {
            driver.connect("jdbc:derby:" + database + ";shutdown=true", new Properties());
        } catch (SQLException expected) {
            // Derby reports a successful shutdown as SQLState 08006.
            if (!"08006".equals(expected.getSQLState())) {
                LOG.warn("Derby shutdown of {} failed", database, expected);
            }
        }
    }

    ConnectionPool pool() {
        return pool;
    }

    static String defaultDerbyUrl() {
        String data = System.getProperty("karaf.data", "data");
        return "jdbc:derby:" + new File(data, "visage/derby").getAbsolutePath() + ";create=true";
    }

    /** URLs may carry passwords as parameters; log only the part before them. */
    static String redacted(String url) {
        int semicolon = url.indexOf(';');
        int question = url.indexOf('?');
        int cut = semicolon < 0 ? question : question < 0 ? semicolon : Math.min(semicolon, question);
        return cut < 0 ? url : url.substring(0, cut);
    }
}
