package io.recallgate.http.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The report's CSV form: RFC 4180 quoting, only where a field needs it. */
class ReportCsvTest {

    @Test
    void csvFieldsAreQuotedOnlyWhenTheyNeedIt() {
        assertEquals("after_sales", ReportRoutes.field("after_sales"));
        assertEquals("", ReportRoutes.field(null));
        assertEquals("\"a,b\"", ReportRoutes.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ReportRoutes.field("say \"hi\""));
    }
}
