package io.recallgate.client;

import io.recallgate.tlog.Checkpoint;
import io.recallgate.tlog.NoteKeys;
import io.recallgate.tlog.ProofVerifier;
import io.recallgate.tlog.SignedNote;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code verify-log --url URL --key VKEY --state FILE}: an independent monitor of one tenant's
 * decision log. It needs nothing of the service but its HTTP API and the verifier key, which the
 * monitor keeps itself.
 *
 * <ol>
 *   <li>fetches the tenant's checkpoint ({@code GET /v1/audit/checkpoint}) and checks its
 *       signature with {@code VKEY} (the C2SP verifier key line, or a file holding it);</li>
 *   <li>when {@code FILE} holds the checkpoint verified last time (the note exactly as served):
 *       the origin must be the same, the log must not have shrunk, a log of the same size must
 *       have the same root, and a larger one must be proven consistent with it
 *       ({@code GET /v1/audit/proof/consistency}, checked with RFC 9162's algorithm);</li>
 *   <li>saves the new checkpoint to {@code FILE} (atomically) only when all of that holds.</li>
 * </ol>
 *
 * A log rewritten behind the service's back — even with every hash recomputed and a fresh
 * signature — cannot be proven consistent with a checkpoint signed before the rewrite, so anyone
 * who runs this regularly (a tenant, an auditor, a court's expert) detects it. The API key, when
 * the service needs one, is read from {@code RECALLGATE_API_KEY} (role {@code auditor} or
 * {@code platform}).
 *
 * <p>Exit codes: 0 verified; 1 the log failed a check (bad signature, shrunk, forked, another
 * origin); 2 the check could not run (unreadable state, the service unreachable or answering an
 * error). The command line is {@link io.recallgate.cli.VerifyLogCli}.
 */
public final class VerifyLog {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int ERROR = 2;
    public static final String API_KEY_ENV = ServiceClient.KEY_ENV;

    private final HttpClient http;
    private final PrintStream out;
    private final PrintStream err;

    public VerifyLog(PrintStream out, PrintStream err) {
        this(ServiceClient.newHttpClient(), out, err);
    }

    VerifyLog(HttpClient http, PrintStream out, PrintStream err) {
        this.http = http;
        this.out = out;
        this.err = err;
    }

    /** One monitoring round; see the class comment. */
    public int run(String url, String key, Path state, String apiKey) {
        NoteKeys.Verifier verifier;
        try {
            verifier = verifier(key);
        } catch (IllegalArgumentException | IOException e) {
            err.println("verify-log: --key is not a verifier key (NAME+KEYID+KEY) or a file holding one: "
                    + e.getMessage());
            return ERROR;
        }
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String saved = null;
        try {
            if (Files.exists(state)) {
                saved = Files.readString(state, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("verify-log: cannot read the state file " + state + ": " + e.getMessage());
            return ERROR;
        }
        Checkpoint previous = null;
        if (saved != null) {
            try {
                previous = Checkpoint.parse(SignedNote.open(saved, verifier));
            } catch (SignedNote.NoteException | IllegalArgumentException e) {
                err.println("verify-log: FAILED: the checkpoint saved in " + state + " does not verify with this key: "
                        + e.getMessage());
                return FAILED;
            }
        }
        String note;
        try {
            note = get(base + "/v1/audit/checkpoint", apiKey);
        } catch (IOException e) {
            err.println("verify-log: cannot fetch the checkpoint: " + e.getMessage());
            return ERROR;
        }
        Checkpoint current;
        try {
            current = Checkpoint.parse(SignedNote.open(note, verifier));
        } catch (SignedNote.NoteException | IllegalArgumentException e) {
            err.println("verify-log: FAILED: the served checkpoint does not verify with " + verifier.name() + ": "
                    + e.getMessage());
            return FAILED;
        }
        if (previous != null) {
            int checked = consistent(base, apiKey, previous, current);
            if (checked != OK) {
                return checked;
            }
        }
        try {
            save(state, note);
        } catch (IOException e) {
            err.println("verify-log: cannot save the state file " + state + ": " + e.getMessage());
            return ERROR;
        }
        out.println("verified " + current.origin() + " at size " + current.size()
                + (previous == null
                        ? " (first checkpoint: nothing earlier to compare with)"
                        : " (consistent with size " + previous.size() + ")"));
        return OK;
    }

    private int consistent(String base, String apiKey, Checkpoint previous, Checkpoint current) {
        if (!previous.origin().equals(current.origin())) {
            err.println("verify-log: FAILED: the checkpoint is for " + current.origin() + ", the saved one for "
                    + previous.origin());
            return FAILED;
        }
        if (current.size() < previous.size()) {
            err.println("verify-log: FAILED: the log shrank from " + previous.size() + " to " + current.size()
                    + " entries");
            return FAILED;
        }
        if (current.size() == previous.size()) {
            if (!MessageDigest.isEqual(current.root(), previous.root())) {
                err.println("verify-log: FAILED: the log of " + current.size() + " entries has another root than"
                        + " before: it was rewritten");
                return FAILED;
            }
            return OK;
        }
        List<byte[]> proof = new ArrayList<>();
        if (previous.size() > 0) {
            try {
                String json = get(
                        base + "/v1/audit/proof/consistency?from=" + previous.size() + "&to=" + current.size(), apiKey);
                for (String h : proofHashes(json)) {
                    proof.add(Base64.getDecoder().decode(h));
                }
            } catch (IOException e) {
                err.println("verify-log: cannot fetch the consistency proof: " + e.getMessage());
                return ERROR;
            } catch (IllegalArgumentException e) {
                err.println("verify-log: FAILED: the consistency proof is malformed: " + e.getMessage());
                return FAILED;
            }
        }
        if (!ProofVerifier.verifyConsistency(previous.size(), current.size(), previous.root(), current.root(), proof)) {
            err.println("verify-log: FAILED: the log of " + current.size() + " entries is not consistent with the"
                    + " checkpoint of " + previous.size() + " entries saved earlier: it was rewritten");
            return FAILED;
        }
        return OK;
    }

    private String get(String url, String apiKey) throws IOException {
        HttpRequest.Builder b = ServiceClient.authorized(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .GET(),
                apiKey);
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new IOException("bad URL " + url);
        }
        if (r.statusCode() != 200) {
            throw new IOException(url.replaceAll("\\?.*", "") + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** The {@code proof} array of a consistency proof answer; a strict little reader, no JSON library. */
    static List<String> proofHashes(String json) {
        int at = json.indexOf("\"proof\"");
        if (at < 0) {
            throw new IllegalArgumentException("no proof");
        }
        int open = json.indexOf('[', at);
        int close = json.indexOf(']', open);
        if (open < 0 || close < 0) {
            throw new IllegalArgumentException("no proof array");
        }
        List<String> out = new ArrayList<>();
        String inside = json.substring(open + 1, close).strip();
        if (inside.isEmpty()) {
            return out;
        }
        for (String item : inside.split(",")) {
            String s = item.strip();
            if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
                throw new IllegalArgumentException("a proof element is not a string");
            }
            out.add(s.substring(1, s.length() - 1));
        }
        return out;
    }

    private static NoteKeys.Verifier verifier(String key) throws IOException {
        try {
            return NoteKeys.parseVerifier(key);
        } catch (IllegalArgumentException e) {
            Path p = Path.of(key);
            if (Files.isRegularFile(p)) {
                return NoteKeys.parseVerifier(
                        Files.readString(p, StandardCharsets.UTF_8).strip());
            }
            throw e;
        }
    }

    private static void save(Path state, String note) throws IOException {
        Path dir = state.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".verify-log", ".tmp");
        try {
            Files.writeString(tmp, note, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
