package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver through Selenium: a real browser
 * for the console's tests. The binaries are given to Selenium, so Selenium Manager never looks
 * for (or downloads) a browser; the flags keep Chromium from calling out to the network, which
 * this machine does not have. Each browser has a fresh profile and its own download folder.
 */
final class Chromium implements AutoCloseable {

    static final int WIDTH = 1280;
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;

    private Chromium(ChromeDriver driver, Path profile, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
    }

    /** A browser whose preferred language is {@code language} (e.g. "zh-CN"). */
    static Chromium start(String language) {
        String binary = firstExisting("/usr/lib/chromium/chromium", "/usr/bin/chromium");
        String chromedriver = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (binary == null || chromedriver == null) {
            fail("The console's browser test needs Debian's chromium and chromium-driver:"
                    + " apt-get install chromium chromium-driver (.ci/run installs them)");
        }
        try {
            Path profile = Files.createTempDirectory("recallgate-chromium");
            Path downloads = Files.createTempDirectory("recallgate-downloads");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(binary);
            options.addArguments(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-extensions",
                    "--user-data-dir=" + profile,
                    "--window-size=" + WIDTH + ",1000",
                    "--lang=" + language);
            options.setExperimentalOption(
                    "prefs",
                    Map.of(
                            "intl.accept_languages",
                            language,
                            "download.default_directory",
                            downloads.toString(),
                            "download.prompt_for_download",
                            false));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver))
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Chromium(driver, profile, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Waits up to 20 s; an element the page re-rendered meanwhile is looked up again, not a failure. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Path downloads() {
        return downloads;
    }

    /** The browser's console messages since the last call (CSP violations show up here). */
    List<String> consoleMessages() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            out.add(e.getLevel() + " " + e.getMessage());
        }
        return out;
    }

    /**
     * The whole page as a PNG under target/console-screenshots/{name}.png: the window grows to the
     * page's height (so the charts lay out for it), and DevTools captures the page from its top.
     */
    Path screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        js("window.scrollTo(0, 0)");
        Number height = (Number) js("return Math.ceil(document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(WIDTH, Math.min(Math.max(height.intValue() + 120, 720), 6000)));
        // the charts redraw for the new size on the window's resize event
        js("return new Promise(function (done) { requestAnimationFrame(function () { setTimeout(done, 250); }); })");
        try {
            Number full = (Number) js("return Math.ceil(document.documentElement.scrollHeight)");
            Map<String, Object> shot = driver.executeCdpCommand(
                    "Page.captureScreenshot",
                    Map.of(
                            "format",
                            "png",
                            "captureBeyondViewport",
                            true,
                            "clip",
                            Map.of("x", 0, "y", 0, "width", WIDTH, "height", full.intValue(), "scale", 1)));
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
            deleteTree(downloads);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the system cleans it up eventually
        }
    }
}
