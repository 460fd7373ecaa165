package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database every store of this bundle uses: a pooled {@link DataSource} service that pax-jdbc-config makes
 * from {@code etc/org.ops4j.datasource-<name>.cfg} (embedded Derby under the instance's data folder by default,
 * PostgreSQL for several nodes). Which one is chosen by {@code dataSource.target}; changing it re-activates the
 * stores on the other database. Migrates the schema on activation.
 */
@Component(service = ConnectionSource.class, configurationPid = JdbcDatabase.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JdbcDatabase.Config.class)
public final class JdbcDatabase implements ConnectionSource {
    static final String PID = "io.visage.storage.jdbc";
    static final String DEFAULT_DATA_SOURCE = "visage";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);

    @ObjectClassDefinition(name = "Visage storage (JDBC)",
            description = "The database holding API users, galleries, transactions and images.")
    @interface Config {
        @AttributeDefinition(name = "Data source", description = "Filter selecting the pax-jdbc DataSource "
                + "service, by the dataSourceName of its etc/org.ops4j.datasource-*.cfg.")
        String dataSource_target() default "(dataSourceName=" + DEFAULT_DATA_SOURCE + ")";
    }

    private final DataSource dataSource;
    private final Dialect dialect;

    @Activate
    public JdbcDatabase(@Reference(name = "dataSource") DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        try (Connection connection = open()) {
            DatabaseMetaData meta = connection.getMetaData();
            this.dialect = Dialect.of(meta);
            int version = Migrations.migrate(connection);
            LOG.info("Visage storage ready on {} {} at {} (schema version {})", meta.getDatabaseProductName(),
                    meta.getDatabaseProductVersion(), redacted(meta.getURL()), version);
        }
    }

    /** A pooled connection: close it to give it back (the pool rolls back what was left uncommitted). */
    @Override
    public Connection open() throws SQLException {
        return dataSource.getConnection();
    }

    Dialect dialect() {
        return dialect;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** URLs may carry passwords as parameters; log only the part before them. */
    static String redacted(String url) {
        if (url == null) {
            return "(unknown URL)";
        }
        int semicolon = url.indexOf(';');
        int question = url.indexOf('?');
        int cut = semicolon < 0 ? question : question < 0 ? semicolon : Math.min(semicolon, question);
        return cut < 0 ? url : url.substring(0, cut);
    }
}
