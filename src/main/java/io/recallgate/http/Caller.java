package io.recallgate.http;

import java.util.EnumSet;
import java.util.Set;

/** Who is calling: the API key's tenant and roles (or the single open tenant when auth is off). */
public record Caller(String keyId, String tenant, Set<ApiRole> roles) {

    /** The caller when no API keys file is configured: one tenant, every role, loopback only. */
    public static final Caller OPEN = new Caller("open", "default", EnumSet.allOf(ApiRole.class));

    public boolean has(ApiRole role) {
        return roles.contains(role);
    }
}
