package io.recallgate.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.HashMap;
import java.util.Map;

/**
 * Bounds connections of one HTTP event loop (the count is shared by the whole process): beyond
 * {@link HttpLimits#maxConnections()} a new connection is closed at once, and a connection must
 * deliver a whole request head within the header timeout of opening, or within
 * {@link HttpLimits#IDLE_TIMEOUT} of its previous response, else it is closed. Vert.x's own idle
 * timeout only sees bytes, so a client sending one header byte every few seconds would keep a
 * connection forever without this.
 *
 * <p>Used on its event loop only (connections and their requests run on the loop that accepted
 * them), so its state needs no locks.
 */
final class ConnectionGuard implements Handler<HttpConnection> {

    private final Vertx vertx;
    private final HttpLimits limits;
    private final Map<HttpConnection, State> states = new HashMap<>();

    private static final class State {
        int inFlight;
        long timer = -1;
    }

    ConnectionGuard(Vertx vertx, HttpLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    @Override
    public void handle(HttpConnection conn) {
        if (limits.connections().incrementAndGet() > limits.maxConnections()) {
            limits.connections().decrementAndGet();
            conn.close();
            return;
        }
        State state = new State();
        states.put(conn, state);
        conn.closeHandler(v -> {
            limits.connections().decrementAndGet();
            State s = states.remove(conn);
            if (s != null) {
                cancel(s);
            }
        });
        HttpVersionCheck.install(conn);
        arm(conn, state, limits.headerTimeout().toMillis());
    }

    void requestStarted(HttpConnection conn) {
        State s = states.get(conn);
        if (s != null) {
            s.inFlight++;
            cancel(s);
        }
    }

    void requestEnded(HttpConnection conn) {
        State s = states.get(conn);
        if (s != null && --s.inFlight == 0) {
            arm(conn, s, HttpLimits.IDLE_TIMEOUT.toMillis());
        }
    }

    /** Open connections of this event loop. */
    int open() {
        return states.size();
    }

    private void arm(HttpConnection conn, State s, long millis) {
        cancel(s);
        s.timer = vertx.setTimer(millis, id -> {
            s.timer = -1;
            if (s.inFlight == 0) {
                conn.close();
            }
        });
    }

    private void cancel(State s) {
        if (s.timer >= 0) {
            vertx.cancelTimer(s.timer);
            s.timer = -1;
        }
    }
}
