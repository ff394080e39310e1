package io.recallgate.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * C2SP {@code signed-note}: a text that ends in a newline, a blank line, then one line per
 * signature, {@code — NAME base64(4-byte key id ‖ signature)} (an em dash U+2014 and a space
 * first). The signature covers the text, its final newline included.
 */
public final class SignedNote {
    static final String DASH = "\u2014 ";
    /** What Go's note package accepts; a longer note is not a checkpoint anyway. */
    static final int MAX_SIGNATURES = 100;

    private SignedNote() {}

    /** One signature line. */
    public record Signature(String name, int keyId, byte[] signature) {}

    /** A note split into its text and its signature lines (none checked yet). */
    public record Parsed(String text, List<Signature> signatures) {}

    /** Thrown for a note that is malformed or not signed by the expected key. */
    public static final class NoteException extends Exception {
        public NoteException(String message) {
            super(message);
        }
    }

    /** The signed note: {@code text}, a blank line and the signer's line. */
    public static String sign(String text, NoteKeys.Signer signer) {
        checkText(text);
        byte[] sig = signer.sign(text.getBytes(StandardCharsets.UTF_8));
        byte[] line = ByteBuffer.allocate(4 + sig.length)
                .putInt(signer.keyId())
                .put(sig)
                .array();
        return text + "\n" + DASH + signer.name() + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    /** Splits a note; {@link NoteException} when it is not in the signed-note format. */
    public static Parsed parse(String note) throws NoteException {
        if (note == null || !note.endsWith("\n")) {
            throw new NoteException("malformed note: it must end with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteException("malformed note: no blank line before the signatures");
        }
        if (split + 2 >= note.length()) {
            throw new NoteException("malformed note: no signature lines");
        }
        String text = note.substring(0, split + 1);
        try {
            checkText(text);
        } catch (IllegalArgumentException e) {
            throw new NoteException("malformed note: " + e.getMessage());
        }
        String[] lines = note.substring(split + 2, note.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new NoteException("malformed note: too many signatures");
        }
        List<Signature> sigs = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith(DASH)) {
                throw new NoteException("malformed note: a signature line must start with '\u2014 '");
            }
            String rest = line.substring(DASH.length());
            int space = rest.indexOf(' ');
            if (space <= 0 || !NoteKeys.validName(rest.substring(0, space))) {
                throw new NoteException("malformed note: bad signer name");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(rest.substring(space + 1));
            } catch (IllegalArgumentException e) {
                throw new NoteException("malformed note: signature is not base64");
            }
            if (raw.length < 5) {
                throw new NoteException("malformed note: signature too short");
            }
            sigs.add(new Signature(
                    rest.substring(0, space), ByteBuffer.wrap(raw).getInt(), Arrays.copyOfRange(raw, 4, raw.length)));
        }
        return new Parsed(text, sigs);
    }

    /**
     * The note's text when it carries a valid signature by {@code verifier}'s key (same name and
     * key id); signatures by other keys are ignored. A signature line that claims the key but does
     * not verify is an error, as is a note with no signature by the key.
     */
    public static String open(String note, NoteKeys.Verifier verifier) throws NoteException {
        Parsed p = parse(note);
        boolean verified = false;
        byte[] message = p.text().getBytes(StandardCharsets.UTF_8);
        for (Signature s : p.signatures()) {
            if (!s.name().equals(verifier.name()) || s.keyId() != verifier.keyId()) {
                continue;
            }
            if (!verifier.verify(message, s.signature())) {
                throw new NoteException("invalid signature for key " + verifier.name() + "+" + NoteKeys.hex(s.keyId()));
            }
            verified = true;
        }
        if (!verified) {
            throw new NoteException(
                    "the note has no signature by " + verifier.name() + "+" + NoteKeys.hex(verifier.keyId()));
        }
        return p.text();
    }

    /** The text must end with a newline and hold no control characters but newlines. */
    private static void checkText(String text) {
        if (text == null || text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("the text must end with a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && (c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("the text holds a control character");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException("the text is not valid Unicode");
                }
                i++;
            }
        }
    }
}
