package io.recallgate.content;

import io.recallgate.model.SensitiveFinding;
import io.recallgate.model.SensitiveType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Enforces "each character belongs to at most one finding" for one scan.
 *
 * <p>The finders run in precedence order (resident id, e-mail, mobile, bank card) and each offers
 * its candidates in ascending start order, so first-come-first-served is exactly POLICY.md's
 * overlap rule: a candidate touching any character already claimed is dropped whole.
 *
 * <p>Cost: {@link #offer} reads and writes only the candidate's own span. Numeric candidates are
 * at most 37 chars long; e-mail candidates of one scan cover each char at most twice (see
 * {@link EmailFinder}); so all offers together stay linear in the text length. Collecting the
 * result by start index instead of sorting keeps that linear too.
 */
final class Claims {
    private final int textLength;
    // made at the first candidate: most texts offer none
    private SensitiveFinding[] byStart;
    private boolean[] taken;
    private int count;

    Claims(int textLength) {
        this.textLength = textLength;
    }

    /** Records the candidate unless it overlaps an earlier claim; returns whether it was kept. */
    boolean offer(SensitiveType type, int start, int end) {
        if (taken == null) {
            byStart = new SensitiveFinding[textLength];
            taken = new boolean[textLength];
        }
        for (int i = start; i < end; i++) {
            if (taken[i]) {
                return false;
            }
        }
        for (int i = start; i < end; i++) {
            taken[i] = true;
        }
        byStart[start] = new SensitiveFinding(type, start, end);
        count++;
        return true;
    }

    /** The kept findings, sorted by start, unmodifiable. */
    List<SensitiveFinding> findings() {
        if (count == 0) {
            return List.of();
        }
        List<SensitiveFinding> out = new ArrayList<>(count);
        for (int i = 0; i < byStart.length && out.size() < count; i++) {
            if (byStart[i] != null) {
                out.add(byStart[i]);
            }
        }
        return Collections.unmodifiableList(out);
    }
}
