package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recallgate.RecallGate;
import io.recallgate.cli.ServeSettings;
import io.recallgate.config.Settings;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without an API keys file there is no authentication, so the service refuses to listen on
 * anything but a loopback address (with a keys file it may: {@link AccessControlIT} binds 0.0.0.0).
 */
class BindSafetyIT {

    @Test
    void recallGateRefusesAPublicAddressWithoutKeys() throws Exception {
        for (String host : List.of("0.0.0.0", "::")) {
            Settings settings = ServeSettings.of(
                    Map.of(), List.of("--http-host", host, "--http-port", "0", "--database-url", TestPostgres.url()));
            RecallGate gate = new RecallGate(settings);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, gate::start, host);
            assertTrue(e.getMessage().contains("RECALLGATE_API_KEYS_FILE"), e.getMessage());
            assertTrue(e.getMessage().contains(host), e.getMessage());
            gate.stop(); // nothing was started; stopping is harmless
        }
    }

    @Test
    void mainExitsNonZeroNamingTheSetting() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (ServiceProcess p = ServiceProcess.start(
                ServiceProcess.serveArgs("--http-host", "0.0.0.0", "--http-port", String.valueOf(port)))) {
            int code = p.awaitExit(60);
            assertTrue(code > 0, "exit code " + code + "; stderr: " + p.stderr());
            assertEquals(64, code, "a usage error");
            assertTrue(p.stderr().contains("RECALLGATE_API_KEYS_FILE"), p.stderr());
            assertTrue(!p.stdout().contains("listening on"), p.stdout());
        }
        // and nothing is listening on that port
        try (ServerSocket again = new ServerSocket(port)) {
            assertEquals(port, again.getLocalPort());
        }
    }
}
