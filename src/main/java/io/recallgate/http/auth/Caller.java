package io.recallgate.http.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling: the API key's tenant and roles (or the single open tenant when auth is off).
 *
 * @param keyId identifies the key itself (a prefix of its digest): unique per key, so it keys the
 *              rate limit; never the key
 * @param name  the key's name from the keys file, for logs; names are free text and need not be
 *              unique, so nothing is keyed by them
 */
public record Caller(String keyId, String name, String tenant, Set<ApiRole> roles) {

    /** The caller when no API keys file is configured: one tenant, every role, loopback only. */
    public static final Caller OPEN = new Caller("open", "open", "default", EnumSet.allOf(ApiRole.class));

    public boolean has(ApiRole role) {
        return roles.contains(role);
    }

    /** How logs name the key: its name, or else its id. */
    public String label() {
        return name != null ? name : keyId;
    }
}
