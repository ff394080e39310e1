package io.recallgate.it;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A plain JDBC connection to a database named by a service URL (postgresql://user:pass@host:port/db). */
final class Jdbc {

    private Jdbc() {
    }

    static Connection connect(String serviceUrl) throws SQLException {
        URI u = URI.create(serviceUrl);
        String[] auth = u.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(),
                auth[0], auth.length > 1 ? auth[1] : null);
    }
}
