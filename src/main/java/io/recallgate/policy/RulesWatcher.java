package io.recallgate.policy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the rules folder (subfolders too) and asks the {@link PolicyManager} to reload after a
 * change. Events are debounced, so an editor that writes several files in one save causes one
 * reload. A periodic re-scan compares the folder's version with the last one tried, for file
 * systems that lose change events (network and container volumes).
 */
public final class RulesWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RulesWatcher.class);

    private final Vertx vertx;
    private final PolicyManager manager;
    private final long debounceMillis;
    private final long rescanMillis;
    private WatchService watchService;
    private Thread thread;
    private long rescanTimer = -1;
    private long debounceTimer = -1;
    private volatile boolean closed;
    private io.vertx.core.Context context;

    public RulesWatcher(Vertx vertx, PolicyManager manager, long debounceMillis, long rescanMillis) {
        this.vertx = vertx;
        this.manager = manager;
        this.debounceMillis = debounceMillis;
        this.rescanMillis = rescanMillis;
    }

    public void start() {
        context = vertx.getOrCreateContext();
        try {
            watchService = FileSystems.getDefault().newWatchService();
            registerTree(manager.dir());
            thread = new Thread(this::watchLoop, "recallgate-rules-watcher");
            thread.setDaemon(true);
            thread.start();
        } catch (IOException e) {
            LOG.warn("cannot watch {} for changes ({}); relying on the periodic re-scan", manager.dir(), e.toString());
        }
        if (rescanMillis > 0) {
            rescanTimer = vertx.setPeriodic(rescanMillis, id -> reloadUnlessClosed());
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                d.register(
                        watchService,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void watchLoop() {
        while (!closed) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean newFolder = false;
            for (var event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                        && event.context() instanceof Path name
                        && key.watchable() instanceof Path parent
                        && Files.isDirectory(parent.resolve(name))) {
                    newFolder = true;
                }
            }
            key.reset();
            if (newFolder) {
                try {
                    registerTree(manager.dir());
                } catch (IOException e) {
                    LOG.warn("cannot watch a new subfolder of {}: {}", manager.dir(), e.toString());
                }
            }
            context.runOnContext(v -> debounce());
        }
    }

    /** Runs on a Vert.x context: each event pushes the reload back by the debounce interval. */
    private void debounce() {
        if (debounceTimer >= 0) {
            vertx.cancelTimer(debounceTimer);
        }
        if (closed) {
            debounceTimer = -1;
            return;
        }
        debounceTimer = vertx.setTimer(debounceMillis, id -> {
            debounceTimer = -1;
            reloadUnlessClosed();
        });
    }

    /** A timer may fire once more after close (it was due, or an event was on its way). */
    private void reloadUnlessClosed() {
        if (!closed) {
            manager.reloadIfChanged();
        }
    }

    /**
     * Stops watching and re-scanning, and drops a reload still waiting for its debounce interval: a
     * change saved from now on is not loaded (a load already under way finishes).
     */
    @Override
    public void close() {
        closed = true;
        if (rescanTimer >= 0) {
            vertx.cancelTimer(rescanTimer);
        }
        if (context != null) {
            context.runOnContext(v -> debounce()); // cancels a pending debounce timer
        }
        try {
            if (watchService != null) {
                watchService.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        }
    }
}
