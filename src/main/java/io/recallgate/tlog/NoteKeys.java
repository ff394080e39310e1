package io.recallgate.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * C2SP {@code signed-note} keys, Ed25519 only (signature type 0x01), with the JDK's own Ed25519.
 *
 * <pre>
 * verifier key: NAME+KEYID+base64(0x01 ‖ 32-byte public key)
 * signer key:   PRIVATE+KEY+NAME+KEYID+base64(0x01 ‖ 32-byte private key seed)
 * KEYID:        8 hex digits, the first 4 bytes of SHA-256(NAME ‖ 0x0A ‖ 0x01 ‖ public key)
 * </pre>
 *
 * Parsing is strict: a key whose id does not match its name and public key is refused, so a
 * mangled line never becomes a usable key.
 */
public final class NoteKeys {
    static final byte ED25519 = 0x01;
    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";
    /** DER prefixes of an Ed25519 SubjectPublicKeyInfo and PKCS#8 PrivateKeyInfo (RFC 8410). */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private NoteKeys() {}

    /** Checks a signature by one known key. Immutable and thread-safe. */
    public static final class Verifier {
        private final String name;
        private final int keyId;
        private final byte[] publicKey;
        private final PublicKey key;

        private Verifier(String name, byte[] publicKey) {
            this.name = name;
            this.publicKey = publicKey.clone();
            this.keyId = NoteKeys.keyId(name, publicKey);
            this.key = publicKey(publicKey);
        }

        public String name() {
            return name;
        }

        public int keyId() {
            return keyId;
        }

        /** The verifier key line, {@code NAME+KEYID+base64(0x01 ‖ public key)}. */
        public String vkey() {
            return name + "+" + hex(keyId) + "+" + Base64.getEncoder().encodeToString(withAlg(publicKey));
        }

        public boolean verify(byte[] message, byte[] signature) {
            if (signature == null || signature.length != 64) {
                return false;
            }
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(message);
                return s.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    /** Signs with one private key; knows its verifier. Thread-safe. */
    public static final class Signer {
        private final String name;
        private final byte[] seed;
        private final PrivateKey key;
        private final Verifier verifier;

        private Signer(String name, byte[] seed) {
            this.name = name;
            this.seed = seed.clone();
            this.key = privateKey(seed);
            this.verifier = new Verifier(name, derivePublic(seed));
        }

        public String name() {
            return name;
        }

        public int keyId() {
            return verifier.keyId();
        }

        public Verifier verifier() {
            return verifier;
        }

        /** The signer key line, {@code PRIVATE+KEY+NAME+KEYID+base64(0x01 ‖ seed)}: a secret. */
        public String skey() {
            return PRIVATE_PREFIX + name + "+" + hex(keyId()) + "+"
                    + Base64.getEncoder().encodeToString(withAlg(seed));
        }

        public byte[] sign(byte[] message) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(key);
                s.update(message);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 signing failed", e);
            }
        }

        @Override
        public String toString() {
            return "Signer[" + verifier.vkey() + "]"; // never the seed
        }
    }

    /** A new random Ed25519 key named {@code name}. */
    public static Signer generate(String name) {
        requireName(name);
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new Signer(name, seed);
    }

    /** Parses a {@code PRIVATE+KEY+…} line; IllegalArgumentException (never echoing the key) when it is not one. */
    public static Signer parseSigner(String skey) {
        String s = skey == null ? "" : skey.strip();
        if (!s.startsWith(PRIVATE_PREFIX)) {
            throw new IllegalArgumentException("not a signer key: it must start with PRIVATE+KEY+");
        }
        String[] parts = s.substring(PRIVATE_PREFIX.length()).split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a signer key: expected PRIVATE+KEY+NAME+KEYID+KEY");
        }
        byte[] seed = keyBytes(parts[2], "signer");
        Signer signer = new Signer(requireName(parts[0]), seed);
        if (!hex(signer.keyId()).equals(parts[1])) {
            throw new IllegalArgumentException("signer key id does not match its name and key");
        }
        return signer;
    }

    /** Parses a {@code NAME+KEYID+base64} verifier key line. */
    public static Verifier parseVerifier(String vkey) {
        String s = vkey == null ? "" : vkey.strip();
        String[] parts = s.split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a verifier key: expected NAME+KEYID+KEY");
        }
        byte[] pub = keyBytes(parts[2], "verifier");
        Verifier v = new Verifier(requireName(parts[0]), pub);
        if (!hex(v.keyId()).equals(parts[1])) {
            throw new IllegalArgumentException("verifier key id does not match its name and key");
        }
        return v;
    }

    /** C2SP key names: not empty, no '+', no whitespace, no control characters. */
    static String requireName(String name) {
        if (name == null || name.isEmpty() || !validName(name)) {
            throw new IllegalArgumentException(
                    "a key name must be non-empty, without '+', spaces or control characters");
        }
        return name;
    }

    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    static int keyId(String name, byte[] publicKey) {
        MessageDigest sha = Merkle.sha256();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        sha.update(withAlg(publicKey));
        return ByteBuffer.wrap(sha.digest(), 0, 4).getInt();
    }

    static String hex(int keyId) {
        return String.format("%08x", keyId);
    }

    private static byte[] keyBytes(String b64, String what) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " key is not base64");
        }
        if (raw.length != 33 || raw[0] != ED25519) {
            throw new IllegalArgumentException(what + " key is not an Ed25519 key (0x01 and 32 bytes)");
        }
        if (!Base64.getEncoder().encodeToString(raw).equals(b64)) {
            throw new IllegalArgumentException(what + " key is not in canonical base64");
        }
        return Arrays.copyOfRange(raw, 1, 33);
    }

    private static byte[] withAlg(byte[] key) {
        byte[] out = new byte[key.length + 1];
        out[0] = ED25519;
        System.arraycopy(key, 0, out, 1, key.length);
        return out;
    }

    private static PublicKey publicKey(byte[] raw) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
    }

    private static PrivateKey privateKey(byte[] seed) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
    }

    /**
     * The public key of a seed. The JDK derives it only while generating a pair, from the bytes its
     * random source gives; a source that gives exactly the seed makes that derivation ours.
     */
    private static byte[] derivePublic(byte[] seed) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    if (bytes.length != seed.length) {
                        throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
                    }
                    System.arraycopy(seed, 0, bytes, 0, seed.length);
                }
            });
            KeyPair pair = g.generateKeyPair();
            byte[] enc = pair.getPublic().getEncoded();
            return Arrays.copyOfRange(enc, enc.length - 32, enc.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
