package io.recallgate.content;

import io.recallgate.model.SensitiveFinding;
import java.util.List;

/**
 * Produces {@code maskedText} (API.md): inside each finding's span every digit and Latin letter
 * (ASCII or full-width) becomes {@code *}, except the span's last four digits or letters, so a
 * reader can still tell which card or phone was meant. Separators and everything outside the
 * spans are kept, so the masked text has the same length and the same offsets as the original.
 */
public final class Masker {
    private static final int KEEP = 4;

    private Masker() {}

    /**
     * @param text     the original text; {@code null} is returned as is
     * @param findings non-overlapping spans within {@code text} (as {@link SensitiveScanner}
     *                 returns them); {@code null} or empty leaves the text unchanged
     * @throws IllegalArgumentException when a finding lies outside the text
     */
    public static String mask(String text, List<SensitiveFinding> findings) {
        if (text == null || findings == null || findings.isEmpty()) {
            return text;
        }
        char[] out = text.toCharArray();
        for (SensitiveFinding f : findings) {
            if (f.end() > out.length) {
                throw new IllegalArgumentException(
                        "finding " + f.start() + ".." + f.end() + " outside text of length " + out.length);
            }
            int kept = 0;
            for (int i = f.end() - 1; i >= f.start(); i--) {
                if (!Chars.isAlnum(Chars.fold(out[i]))) {
                    continue;
                }
                if (kept < KEEP) {
                    kept++;
                } else {
                    out[i] = '*';
                }
            }
        }
        return new String(out);
    }
}
