package io.recallgate.decision;

import io.recallgate.policy.RuleFile;
import java.time.Instant;
import java.util.List;

/**
 * What an author asks impact analysis ({@code POST /v1/policy/impact}): a complete candidate rules
 * folder, as it would be saved, and the window of stored decisions to decide again under it.
 *
 * @param files every file of the candidate folder (paths relative, {@code /} separators, each once)
 * @param since start of the window, inclusive (by a stored decision's {@code evaluatedAt})
 * @param until end of the window, exclusive
 */
public record ImpactRequest(List<RuleFile> files, Instant since, Instant until) {
    public ImpactRequest {
        files = List.copyOf(files);
    }
}
