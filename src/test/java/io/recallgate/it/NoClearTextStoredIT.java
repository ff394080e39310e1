package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 4: the row PostgreSQL holds for a decision has none of the message text in clear: not
 * the card, phone or ID number (in any spelling, nor any 8 consecutive digits of one), not the
 * e-mail address, not the rest of the words. Read straight from the table, not through the API.
 */
class NoClearTextStoredIT {

    private static final String CARD = "6222 0210 0112 3456 789";
    private static final String PHONE = "138-0013-8000";
    private static final String RESIDENT_ID = "11010519491231002X";
    private static final String EMAIL = "wanda.quill@example.org";

    @Test
    void theDecisionsTableHoldsNoClearText() throws Exception {
        String marker = "zebra" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String text = marker + " 卡号 " + CARD + " 电话 " + PHONE + " 身份证 " + RESIDENT_ID + " mail " + EMAIL;
        List<String> decisionIds = new ArrayList<>();
        try (TestService service = TestService.start()) {
            for (String scenario : List.of("ecommerce", "after_sales", "tech_support")) {
                TestService.Response r = service.post("/v1/recall-decisions", Requests.recall(scenario, text, 60));
                assertEquals(200, r.status(), r.body());
                Set<String> types = r.json().getJsonArray("sensitive").stream()
                        .map(o -> ((JsonObject) o).getString("type"))
                        .collect(Collectors.toSet());
                assertEquals(
                        Set.of("bank_card", "cn_mobile", "cn_resident_id", "email"),
                        types,
                        "the text must really carry all four kinds of personal data");
                String id = r.json().getString("decisionId");
                decisionIds.add(id);
                TestService.Response stored = service.get("/v1/recall-decisions/" + id);
                assertEquals(200, stored.status());
                assertNoClearText(stored.body(), marker, true);
            }
        }

        try (Connection c = Jdbc.connect(TestPostgres.url())) {
            for (String id : decisionIds) {
                try (PreparedStatement st =
                        c.prepareStatement("SELECT d::text FROM decisions d WHERE decision_id = ?::uuid")) {
                    st.setString(1, id);
                    try (ResultSet rs = st.executeQuery()) {
                        assertTrue(rs.next(), "the decision " + id + " is stored");
                        String row = rs.getString(1);
                        assertTrue(row.contains(id) && row.contains("hmac-sha256:"), row);
                        assertNoClearText(row, marker, true);
                    }
                }
            }
            int rows = 0;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT d::text FROM decisions d")) {
                while (rs.next()) {
                    // every row, other tests' too (they send the same numbers); whole numbers only,
                    // as 8-digit pieces could turn up by chance in thousands of hex hashes
                    assertNoClearText(rs.getString(1), marker, false);
                    rows++;
                }
            }
            assertTrue(rows >= decisionIds.size());
        }
    }

    private static void assertNoClearText(String stored, String marker, boolean pieces) {
        assertFalse(stored.contains(marker), "the message's words are stored in clear");
        assertFalse(stored.contains(EMAIL) || stored.contains("wanda.quill"), "the e-mail address is stored");
        for (String number : List.of(CARD, PHONE, RESIDENT_ID)) {
            assertFalse(stored.contains(number), "stored in clear: " + number);
            String compact = number.replaceAll("[^0-9X]", "");
            assertFalse(stored.contains(compact), "stored in clear: " + compact);
            for (int i = 0; pieces && i + 8 <= compact.length(); i++) {
                String digits = compact.substring(i, i + 8);
                assertFalse(stored.contains(digits), "8 digits of " + number + " are stored: " + digits);
            }
        }
    }
}
