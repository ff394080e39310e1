package io.recallgate.http.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.recallgate.store.PolicyArchive;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An archived version's files as the API shows them: text as text, anything else byte-exact. */
class PolicyVersionJsonTest {

    @Test
    void textFilesAreTextAndOtherFilesBase64() {
        byte[] text = "rule \"只有发送者可以撤回\"\nwhen\nthen\nend\n".getBytes(StandardCharsets.UTF_8);
        byte[] xlsx = {0x50, 0x4b, 0x03, 0x04, (byte) 0xff, 0x00, (byte) 0xc3, 0x28};
        JsonObject json = PolicyVersionRoutes.json(new PolicyArchive.Archived(
                "sha256:" + "a".repeat(64),
                Instant.parse("2026-11-24T08:00:00Z"),
                List.of(
                        new PolicyArchive.File("10-who.drl", "11", text),
                        new PolicyArchive.File("table.drl.xlsx", "22", xlsx))));
        assertEquals("2026-11-24T08:00:00Z", json.getString("activatedAt"));
        JsonObject drl = json.getJsonArray("files").getJsonObject(0);
        assertEquals(new String(text, StandardCharsets.UTF_8), drl.getString("content"));
        assertFalse(drl.containsKey("encoding"));
        JsonObject binary = json.getJsonArray("files").getJsonObject(1);
        assertEquals("base64", binary.getString("encoding"));
        assertEquals(Base64.getEncoder().encodeToString(xlsx), binary.getString("content"));
    }
}
