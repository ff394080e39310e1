package io.recallgate.it;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A plain JDBC connection to a database named by a service URL (postgresql://user:pass@host:port/db). */
final class Jdbc {

    private Jdbc() {}

    static Connection connect(String serviceUrl) throws SQLException {
        URI u = URI.create(serviceUrl);
        String[] auth = u.getUserInfo().split(":", 2);
        return DriverManager.getConnection(
                "jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(),
                auth[0],
                auth.length > 1 ? auth[1] : null);
    }

    /** How many decision records the database holds for one message (any tenant). */
    static int recordsFor(String serviceUrl, String conversationId, String messageId) throws SQLException {
        try (Connection c = connect(serviceUrl);
                java.sql.PreparedStatement st = c.prepareStatement(
                        "SELECT count(*) FROM decisions WHERE conversation_id = ? AND message_id = ?")) {
            st.setString(1, conversationId);
            st.setString(2, messageId);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
