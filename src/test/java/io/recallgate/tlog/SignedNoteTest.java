package io.recallgate.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * C2SP signed notes and Ed25519 note keys against the published vectors of Go's reference
 * implementation, golang.org/x/mod {@code sumdb/note/note_test.go} (commit 02c99138): the
 * PeterNeumann signer and verifier keys, the signature of the Peter Neumann quote (Ed25519 is
 * deterministic, so ours must be byte for byte the same), and the EnochRoot verifier key.
 */
class SignedNoteTest {
    static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String PETER_SIG =
            "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_SIG =
            "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    @Test
    void publishedKeysParseAndDeriveTheirVerifier() {
        NoteKeys.Signer peter = NoteKeys.parseSigner(PETER_SKEY);
        assertEquals(PETER_VKEY, peter.verifier().vkey(), "public key derived from the seed");
        assertEquals(PETER_SKEY, peter.skey());
        assertEquals(0xc74f20a3, peter.keyId());
        assertEquals(PETER_VKEY, NoteKeys.parseVerifier(PETER_VKEY).vkey());
        assertEquals(0xaf0cfe78, NoteKeys.parseVerifier(ENOCH_VKEY).keyId());
    }

    @Test
    void signatureIsTheOnePublished() throws Exception {
        String note = SignedNote.sign(TEXT, NoteKeys.parseSigner(PETER_SKEY));
        assertEquals(TEXT + "\n" + PETER_SIG, note);
        assertEquals(TEXT, SignedNote.open(note, NoteKeys.parseVerifier(PETER_VKEY)));
        // a second signer's line is ignored; each key verifies its own line
        String both = TEXT + "\n" + PETER_SIG + ENOCH_SIG;
        assertEquals(TEXT, SignedNote.open(both, NoteKeys.parseVerifier(PETER_VKEY)));
        assertEquals(TEXT, SignedNote.open(both, NoteKeys.parseVerifier(ENOCH_VKEY)));
    }

    @Test
    void manglesAreRefused() {
        NoteKeys.Verifier peter = NoteKeys.parseVerifier(PETER_VKEY);
        String note = TEXT + "\n" + PETER_SIG;
        // an altered body
        assertThrows(SignedNote.NoteException.class, () -> SignedNote.open(note.replace("answer", "answers"), peter));
        // an altered signature
        assertThrows(
                SignedNote.NoteException.class,
                () -> SignedNote.open(
                        TEXT + "\n" + PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60), peter));
        // signed by someone else only
        assertThrows(SignedNote.NoteException.class, () -> SignedNote.open(TEXT + "\n" + ENOCH_SIG, peter));
        // malformed notes (from the same Go test)
        for (String bad : new String[] {
            TEXT,
            TEXT + "\n",
            TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
            "\u0001" + TEXT + "\n" + PETER_SIG,
            TEXT + "\n"
                    + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
            TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        }) {
            assertThrows(SignedNote.NoteException.class, () -> SignedNote.open(bad, peter), bad);
        }
    }

    @Test
    void mangledKeysAreRefused() {
        byte[] b = PETER_VKEY.getBytes();
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            String k = new String(b);
            assertThrows(IllegalArgumentException.class, () -> NoteKeys.parseVerifier(k), k);
            b[i]--;
        }
        for (int i = 1; i < PETER_VKEY.length(); i++) {
            String k = PETER_VKEY.substring(0, i);
            assertThrows(IllegalArgumentException.class, () -> NoteKeys.parseVerifier(k), k);
        }
        byte[] s = PETER_SKEY.getBytes();
        for (int i = 0; i < s.length; i++) {
            s[i]++;
            String k = new String(s);
            assertThrows(IllegalArgumentException.class, () -> NoteKeys.parseSigner(k));
            s[i]--;
        }
        // from the Go test: wrong key length, and an unknown algorithm, each with an adjusted key id
        assertThrows(
                IllegalArgumentException.class,
                () -> NoteKeys.parseVerifier(
                        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="));
        assertThrows(
                IllegalArgumentException.class,
                () -> NoteKeys.parseVerifier("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    }

    @Test
    void checkpointSignedWithAGeneratedKeyVerifiesAndAlterationsFail() throws Exception {
        NoteKeys.Signer signer = NoteKeys.generate("recallgate.local");
        NoteKeys.Verifier verifier = NoteKeys.parseVerifier(signer.verifier().vkey());
        Checkpoint cp = new Checkpoint("recallgate.local/acme", 8, MerkleKnownAnswerTest.ROOTS.get(7));
        String note = SignedNote.sign(cp.body(), signer);
        assertEquals(cp, Checkpoint.parse(SignedNote.open(note, verifier)));
        assertTrue(note.startsWith(
                "recallgate.local/acme\n8\n" + Base64.getEncoder().encodeToString(MerkleKnownAnswerTest.ROOTS.get(7))
                        + "\n\n\u2014 recallgate.local "));

        assertThrows(SignedNote.NoteException.class, () -> SignedNote.open(note.replace("\n8\n", "\n9\n"), verifier));
        assertThrows(
                SignedNote.NoteException.class,
                () -> SignedNote.open(note.replace("recallgate.local/acme", "recallgate.local/acmf"), verifier));
        String otherRoot = note.replace(
                Base64.getEncoder().encodeToString(MerkleKnownAnswerTest.ROOTS.get(7)),
                Base64.getEncoder().encodeToString(MerkleKnownAnswerTest.ROOTS.get(6)));
        assertThrows(SignedNote.NoteException.class, () -> SignedNote.open(otherRoot, verifier));
        NoteKeys.Verifier stranger = NoteKeys.generate("recallgate.local").verifier();
        assertThrows(SignedNote.NoteException.class, () -> SignedNote.open(note, stranger));
    }
}
