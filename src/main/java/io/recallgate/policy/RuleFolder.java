package io.recallgate.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A consistent read of the rules folder: every file (subfolders too), its digest, and the
 * folder's version, a digest over all paths and file digests. Two reads of an unchanged folder
 * give the same version, so the version identifies exactly the rule set that decided.
 *
 * <p>Hidden files and editor leftovers ({@code .#x}, {@code x~}, {@code .x.swp}) are not part
 * of the policy: an editor's swap file must not trigger a reload or change the version.
 */
public record RuleFolder(Path dir, List<RuleFile> files, String version) {

    public static RuleFolder read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new IOException("rules folder " + dir + " does not exist"));
        }
        List<RuleFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.filter(Files::isRegularFile)
                    .filter(p -> !ignored(dir.relativize(p)))
                    .sorted(Comparator.comparing(p -> relative(dir, p)))
                    .toList();
            for (Path p : paths) {
                byte[] bytes = Files.readAllBytes(p);
                files.add(new RuleFile(relative(dir, p), bytes, HexFormat.of().formatHex(sha256().digest(bytes))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules folder " + dir, e);
        }
        return new RuleFolder(dir, List.copyOf(files), versionOf(files));
    }

    public List<RuleFile> ruleSources() {
        return files.stream().filter(RuleFile::isRuleSource).toList();
    }

    /** The file at {@code path} (relative, {@code /} separators), or null. */
    public RuleFile file(String path) {
        for (RuleFile f : files) {
            if (f.path().equals(path)) {
                return f;
            }
        }
        return null;
    }

    public List<RuleFile> scenarioTests() {
        return files.stream().filter(RuleFile::isScenarioTest).toList();
    }

    static boolean ignored(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".")
                    || name.endsWith("~")
                    || name.startsWith("#")
                    || name.endsWith(".swp")
                    || name.endsWith(".tmp")) {
                return true;
            }
        }
        return false;
    }

    private static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }

    private static String versionOf(List<RuleFile> files) {
        MessageDigest md = sha256();
        for (RuleFile f : files) {
            md.update(f.path().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(f.sha256().getBytes(StandardCharsets.US_ASCII));
            md.update((byte) '\n');
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
