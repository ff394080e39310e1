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
 *
 * <p>A folder is read from disk ({@link #read}) by the service and {@code check}, or built from
 * files held in memory ({@link #of}) for a candidate that is only previewed (impact analysis):
 * the same files give the same version either way, and a candidate never touches the disk, where
 * the watcher would see it.
 *
 * @param dir where the folder was read from; null for a folder held in memory
 */
public record RuleFolder(Path dir, List<RuleFile> files, String version) {

    /**
     * A folder held in memory: the same files, order and version as {@link #read} gives for a
     * folder on disk with these files. Paths are relative with {@code /} separators; a path the
     * folder would ignore ({@link #ignores}) or given twice is an IllegalArgumentException.
     */
    public static RuleFolder of(List<RuleFile> files) {
        List<RuleFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(RuleFile::path));
        for (int i = 0; i < sorted.size(); i++) {
            String path = sorted.get(i).path();
            if (ignores(path)) {
                throw new IllegalArgumentException("a rules folder ignores " + path);
            }
            if (i > 0 && sorted.get(i - 1).path().equals(path)) {
                throw new IllegalArgumentException("two files are named " + path);
            }
        }
        return new RuleFolder(null, List.copyOf(sorted), versionOf(sorted));
    }

    /**
     * Whether a folder leaves out the file at {@code relativePath} ({@code /} separators): a
     * hidden file or folder ({@code .x}), or an editor's leftover ({@code x~}, {@code #x#},
     * {@code x.swp}, {@code x.tmp}).
     */
    public static boolean ignores(String relativePath) {
        for (String name : relativePath.split("/", -1)) {
            if (ignoredName(name)) {
                return true;
            }
        }
        return false;
    }

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
                files.add(RuleFile.of(relative(dir, p), Files.readAllBytes(p)));
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
            if (ignoredName(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean ignoredName(String name) {
        return name.startsWith(".")
                || name.endsWith("~")
                || name.startsWith("#")
                || name.endsWith(".swp")
                || name.endsWith(".tmp");
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

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
