package io.recallgate.http.console;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * {@code GET /console/}: the console, a static web page (HTML, CSS, JavaScript and the ECharts
 * bundle, all from the jar) for the people who run the policy and read the records. It holds no
 * data and no key: the page calls the public API from the browser with the caller's own key, so
 * it needs no authentication here and gets no access the API would not give.
 *
 * <p>The files are served by Vert.x's {@link StaticHandler} from the classpath folder
 * {@value #WEB_ROOT} (a path unlikely to exist in the working directory, which the handler would
 * look at first). Every answer carries a Content-Security-Policy that allows only the page's own
 * files (no inline script or style, no other origin, no framing), so text the API returns can
 * never run as code even if it slipped past the page's escaping.
 */
public final class ConsoleRoutes {

    /** Where the console's files are in the jar (src/main/resources, plus the unpacked ECharts). */
    static final String WEB_ROOT = "io/recallgate/console";

    /**
     * Only this origin, only files: scripts and styles from files of the console (no inline code,
     * no eval), API calls to this service, downloads made in the page (blob:), images drawn by
     * the charts (data:), and nothing may frame the page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; manifest-src 'self';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Library files carry their version in the path, so browsers may keep them. */
    private static final String VENDOR = "/console/vendor/";

    private ConsoleRoutes() {}

    public static void mount(Router r) {
        // "/console" is the address people type: the page's relative links need the slash.
        // (Vert.x matches this route for "/console/" too; that one is the page itself.)
        r.get("/console").handler(ctx -> {
            if (!"/console".equals(ctx.normalizedPath())) {
                ctx.next();
                return;
            }
            securityHeaders(ctx);
            ctx.response()
                    .setStatusCode(301)
                    .putHeader("Location", "/console/")
                    .putHeader("Cache-Control", "no-cache")
                    .end();
        });
        StaticHandler files = StaticHandler.create(WEB_ROOT)
                .setIndexPage("index.html")
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setDefaultContentEncoding("UTF-8");
        r.route("/console/*")
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(ctx -> {
                    securityHeaders(ctx);
                    // The page and its scripts are checked on every load (a new jar takes effect
                    // at once; StaticHandler answers 304 when unchanged); the library never changes.
                    ctx.response()
                            .putHeader(
                                    "Cache-Control",
                                    ctx.normalizedPath().startsWith(VENDOR)
                                            ? "public, max-age=31536000, immutable"
                                            : "no-cache");
                    ctx.next();
                })
                .handler(files);
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin");
    }

    /**
     * The route name for logs and metrics of a console path, or null when {@code path} is not one.
     * A path is text the client chose, so a file's name is never logged: everything below the
     * page is {@code /console/{file}}.
     */
    public static String loggedPath(String path) {
        if (path.equals("/console") || path.equals("/console/")) {
            return path;
        }
        return path.startsWith("/console/") ? "/console/{file}" : null;
    }
}
