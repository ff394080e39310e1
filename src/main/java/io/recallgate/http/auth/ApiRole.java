package io.recallgate.http.auth;

import java.util.Locale;

/** What an API key may do (API.md, "Authentication"). */
public enum ApiRole {
    /** Decisions, preview, batch; reads its own tenant's decisions. */
    PLATFORM,
    /** Dispute holds. */
    DISPUTE,
    /** Policy status and reload. */
    POLICY,
    /** Decision reads and audit verification across its tenant. */
    AUDITOR;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApiRole fromJson(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
