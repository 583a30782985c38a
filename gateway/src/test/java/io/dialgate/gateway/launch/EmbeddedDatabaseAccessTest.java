package io.dialgate.gateway.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL keeps other local users out: a password (SCRAM) for every login, loopback TCP
 * only, no Unix socket, and its password, log and data directory readable by this user alone.
 */
class EmbeddedDatabaseAccessTest {

    @Test
    void shouldRefuseLoginsWithoutThePasswordAndAcceptItWithIt() throws Exception {
        Path root = Files.createTempDirectory("dialgate-access");
        EmbeddedDatabase database = EmbeddedDatabase.start(root.resolve("postgres"));
        try {
            String password = Files.readString(root.resolve("postgres.password")).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);

            assertThatThrownBy(() -> connect(database.jdbcUrl(), null).close()).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(database.jdbcUrl(), "postgres").close()).isInstanceOf(SQLException.class);
            try (Connection c = connect(database.jdbcUrl(), password); Statement s = c.createStatement()) {
                assertThat(setting(s, "listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(setting(s, "unix_socket_directories")).isEmpty();
                assertThat(setting(s, "password_encryption")).isEqualTo("scram-sha-256");
            }
            assertThat(Files.readString(root.resolve("postgres/pg_hba.conf")))
                    .doesNotContainPattern("(?m)^[^#]*\\btrust\\b").contains("scram-sha-256");
            assertThat(Files.readString(root.resolve("postgres.log"))).doesNotContain(password);
        } finally {
            database.stop();
        }
    }

    @Test
    void shouldKeepItsPasswordLogAndDataDirectoryPrivate() throws Exception {
        Path root = Files.createTempDirectory("dialgate-modes");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        EmbeddedDatabase database = EmbeddedDatabase.start(root.resolve("postgres"));
        try {
            assertThat(mode(root)).isEqualTo("rwx------");
            assertThat(mode(root.resolve("postgres"))).isEqualTo("rwx------");
            assertThat(mode(root.resolve("postgres.password"))).isEqualTo("rw-------");
            assertThat(mode(root.resolve("postgres.log"))).isEqualTo("rw-------");
            assertThat(mode(root.resolve("postgres/pg_hba.conf"))).isEqualTo("rw-------");
            assertThat(mode(root.resolve("postgres-binaries"))).isEqualTo("rwx------");
        } finally {
            database.stop();
        }
    }

    @Test
    void shouldReuseThePasswordAfterARestartAndTightenLooseModes() throws Exception {
        Path root = Files.createTempDirectory("dialgate-restart");
        EmbeddedDatabase first = EmbeddedDatabase.start(root.resolve("postgres"));
        String password = Files.readString(root.resolve("postgres.password")).strip();
        first.stop();
        // Someone loosened them by hand, or an older version created the log with the umask.
        Files.setPosixFilePermissions(root.resolve("postgres.password"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(root.resolve("postgres.log"), PosixFilePermissions.fromString("rw-r--r--"));

        EmbeddedDatabase second = EmbeddedDatabase.start(root.resolve("postgres"));
        try (Connection ignored = connect(second.jdbcUrl(), password)) {
            assertThat(Files.readString(root.resolve("postgres.password")).strip()).isEqualTo(password);
            assertThat(mode(root.resolve("postgres.password"))).isEqualTo("rw-------");
            assertThat(mode(root.resolve("postgres.log"))).isEqualTo("rw-------");
        } finally {
            second.stop();
        }
    }

    @Test
    void shouldUpgradeADataDirectoryThatTrustedEveryLocalUser() throws Exception {
        Path root = Files.createTempDirectory("dialgate-upgrade");
        Path dataDir = root.resolve("postgres");
        // What earlier gateways left: zonky's initdb with trust for every local and loopback login.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start();
             Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)");
        }
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).containsPattern("(?m)^host.*trust");

        EmbeddedDatabase upgraded = EmbeddedDatabase.start(dataDir);
        try {
            String password = Files.readString(root.resolve("postgres.password")).strip();
            assertThatThrownBy(() -> connect(upgraded.jdbcUrl(), null).close()).isInstanceOf(SQLException.class);
            try (Connection c = connect(upgraded.jdbcUrl(), password);
                 ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");
            assertThat(Files.readString(root.resolve("postgres.log"))).doesNotContain(password);
        } finally {
            upgraded.stop();
        }
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    private static String setting(Statement statement, String name) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
