package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recallgate.http.contract.RequestParser;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RulesWatcher} on a real folder with a real Vert.x and a real {@link PolicyManager}: a save
 * is loaded once the debounce interval has passed since the last change; a burst of saves is one
 * load; a subfolder created while the service runs is watched too; the periodic re-scan finds a
 * change the watch service never reported; after close nothing is loaded any more.
 *
 * <p>What the watcher did is read from the manager's listener: each load of a changed folder is
 * one report. Waits for an expected load are bounded (30 s) only to turn a lost load into a
 * failure instead of a hang; no test asserts how fast anything happens. Where a test must show
 * that nothing was loaded, it waits a few debounce and re-scan intervals and then loads the
 * folder itself, to prove there was a change to load.
 */
class RulesWatcherTest {

    private static final long DEBOUNCE_MILLIS = 400;
    private static final long BOUND_SECONDS = 30;

    private static Vertx vertx;

    @TempDir
    Path tmp;

    private RulesCopy rules;
    private PolicyManager manager;
    private final List<RulesWatcher> watchers = new ArrayList<>();
    /** Loads of a changed folder, with System.nanoTime() when the listener heard of them. */
    private final LinkedBlockingQueue<Heard> loads = new LinkedBlockingQueue<>();

    private record Heard(ReloadReport report, long nanos) {}

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().await(60, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() throws Exception {
        rules = RulesCopy.of(tmp);
        manager = new PolicyManager(
                vertx, rules.dir, new RuleSetLoader(Clock.systemUTC(), RequestParser.load()::read), Clock.systemUTC());
        manager.start();
        manager.addListener(report -> loads.add(new Heard(report, System.nanoTime())));
    }

    @AfterEach
    void stop() {
        watchers.forEach(RulesWatcher::close);
        manager.close();
    }

    private RulesWatcher watch(long rescanMillis) {
        RulesWatcher w = new RulesWatcher(vertx, manager, DEBOUNCE_MILLIS, rescanMillis);
        watchers.add(w);
        w.start();
        return w;
    }

    @Test
    void aSavedFileIsLoadedOnceTheDebounceIntervalHasPassed() throws Exception {
        watch(0);
        long saved = System.nanoTime();
        String version = sentence("Only its sender may recall a message.");

        Heard load = nextLoad();

        assertEquals(version, load.report().version());
        assertTrue(load.report().active(), load.report().toString());
        assertEquals(version, manager.active().version(), "the saved rules decide");
        assertTrue(
                load.nanos() - saved >= TimeUnit.MILLISECONDS.toNanos(DEBOUNCE_MILLIS),
                "loaded only after the debounce interval");
    }

    /**
     * An editor that writes several times in one save: changes closer together than the debounce
     * interval are loaded once, as they stand after the last one. (Without the debounce the first
     * write would start a load and the others would queue a second one.) A later save is the
     * next load, so there was no other load in between.
     */
    @Test
    void aBurstOfSavesIsOneLoad() throws Exception {
        watch(0);
        long longestGap = 0;
        long last = System.nanoTime();
        String version = null;
        for (int i = 1; i <= 5; i++) {
            version = sentence("Only its sender may recall a message (" + i + ").");
            Thread.sleep(DEBOUNCE_MILLIS / 8);
            long now = System.nanoTime();
            longestGap = Math.max(longestGap, now - last);
            last = now;
        }
        assumeTrue(
                longestGap < TimeUnit.MILLISECONDS.toNanos(DEBOUNCE_MILLIS / 2),
                "the saves were not close together: the machine stalled");

        assertEquals(version, nextLoad().report().version(), "one load, of the last save");

        String next = sentence("A later save.");
        assertEquals(next, nextLoad().report().version(), "the later save is the very next load");
    }

    /** A subfolder made while the service runs is watched like the ones that were there at start. */
    @Test
    void aNewSubfolderIsWatched() throws Exception {
        watch(0);
        Files.createDirectories(rules.dir.resolve("notes"));
        rules.write("notes/why.txt", "The after-sales window follows the 2025 customer survey.\n");
        String created = RuleFolder.read(rules.dir).version();
        assertEquals(created, nextLoad().report().version(), "the new folder and its file");

        rules.write("notes/why.txt", "The after-sales window follows the 2026 customer survey.\n");
        String edited = RuleFolder.read(rules.dir).version();
        assertEquals(edited, nextLoad().report().version(), "an edit inside the new folder");
    }

    /**
     * A change the watch service never reports: the file is written through a hard link outside the
     * rules folder (inotify reports a change to the folder's watch only when the file is written
     * through the folder), as network and container volumes lose events. The re-scan finds it.
     */
    @Test
    void thePeriodicRescanFindsAChangeTheWatchServiceMissed() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere")).resolve("messages.csv");
        Files.createLink(outside, rules.dir.resolve("messages.csv"));
        watch(200);

        String text = Files.readString(outside, StandardCharsets.UTF_8)
                .replace("Only the person who sent a message can recall it.", "Only its sender may recall a message.");
        Files.writeString(outside, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        String version = RuleFolder.read(rules.dir).version();

        Heard load = nextLoad();
        assertEquals(version, load.report().version());
        assertTrue(load.report().active());
    }

    /** The premise of the test above: without a re-scan, such a change is never loaded. */
    @Test
    void withoutTheRescanAChangeTheWatchServiceMissedIsNotLoaded() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere")).resolve("messages.csv");
        Files.createLink(outside, rules.dir.resolve("messages.csv"));
        watch(0);

        String text = Files.readString(outside, StandardCharsets.UTF_8)
                .replace("Only the person who sent a message can recall it.", "Only its sender may recall a message.");
        Files.writeString(outside, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        assertTrue(!RuleFolder.read(rules.dir).version().equals(manager.active().version()), "the folder changed");

        assertNoLoadWithin(4 * DEBOUNCE_MILLIS);
    }

    /** A save whose debounce interval has not passed when the watcher is closed is not loaded. */
    @Test
    void closeDropsAReloadThatWasStillWaitingForItsDebounce() throws Exception {
        RulesWatcher watcher = watch(0);
        sentence("Only its sender may recall a message (before closing).");
        Thread.sleep(DEBOUNCE_MILLIS / 4); // the watch service has reported it; the debounce runs

        watcher.close();

        assertNoLoadWithin(4 * DEBOUNCE_MILLIS);
        assertTrue(watcherThreadsEnd(), "the watch thread ends");
    }

    /** After close neither a watched change nor the periodic re-scan loads anything. */
    @Test
    void afterCloseNothingIsLoaded() throws Exception {
        RulesWatcher watcher = watch(100);
        String working = sentence("Only its sender may recall a message.");
        assertEquals(working, lastLoadOf(working).report().version(), "it works until it is closed");

        watcher.close();
        assertTrue(watcherThreadsEnd(), "the watch thread ends, without waiting for another event");
        String after = sentence("Only its sender may recall a message (after closing).");

        assertNoLoadWithin(4 * DEBOUNCE_MILLIS); // several debounce and re-scan intervals
        ReloadReport byHand = manager.reloadIfChanged().await(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(after, byHand.version(), "there was a change to load");
    }

    // ---- helpers ----

    /** Rewrites the English sentence of NOT_SENDER; the folder's new version. */
    private String sentence(String english) {
        String csv = rules.read("messages.csv");
        int start = csv.indexOf("NOT_SENDER,");
        int end = csv.indexOf('\n', start);
        String row = csv.substring(start, end);
        String zh = row.split(",")[1];
        rules.write("messages.csv", csv.substring(0, start) + "NOT_SENDER," + zh + "," + english + csv.substring(end));
        return RuleFolder.read(rules.dir).version();
    }

    private Heard nextLoad() throws InterruptedException {
        Heard h = loads.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        if (h == null) {
            throw new AssertionError("no load within " + BOUND_SECONDS + " s");
        }
        return h;
    }

    /**
     * The load of {@code version}, once no other load follows it for a debounce interval: the
     * re-scan may also have read the file while it was half written and loaded that first.
     */
    private Heard lastLoadOf(String version) throws InterruptedException {
        Heard h = nextLoad();
        while (!h.report().version().equals(version)) {
            h = nextLoad();
        }
        Heard later;
        while ((later = loads.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
            h = later;
        }
        return h;
    }

    private void assertNoLoadWithin(long millis) throws InterruptedException {
        assertNull(loads.poll(millis, TimeUnit.MILLISECONDS), "nothing may be loaded");
    }

    /** True once no thread of a watcher is left (bounded wait). */
    private static boolean watcherThreadsEnd() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().equals("recallgate-rules-watcher"))) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
