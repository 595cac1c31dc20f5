package io.gridwork.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Starts one headless Chromium per test class (see {@link BrowserTest}), points it at the running
 * application before each test, hands it to test methods as a {@link Browser} parameter, and keeps a
 * screenshot of the page on which a test failed.
 *
 * <p>Only Debian's {@code chromium} and {@code chromedriver} are used: the driver's path is given to
 * Selenium explicitly, which keeps Selenium Manager (and any download) out of the picture. Other
 * paths may be set with {@code -Dgridwork.browser.chromium=...} and {@code -Dgridwork.browser.chromedriver=...}.
 */
public class BrowserExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TestWatcher {

    static final String REQUIRED = "gridwork.browser.required";

    /** Browser tests must run (CI): -Dgridwork.browser.required=true or GRIDWORK_BROWSER_REQUIRED=true. */
    static boolean required() {
        return Boolean.getBoolean(REQUIRED) || "true".equalsIgnoreCase(System.getenv("GRIDWORK_BROWSER_REQUIRED"));
    }
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrowserExtension.class);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String UNAVAILABLE = "unavailable";

    /**
     * Selenium warns that it has no CDP bindings for this Chromium version; we send plain CDP commands
     * through chromedriver and need none. Held in a field: JUL forgets the level of a collected logger.
     */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    /** Skips each test, visibly and with the reason, when there is no browser and none is required. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = missing();
        if (context.getTestMethod().isEmpty() || missing == null || required()) {
            return ConditionEvaluationResult.enabled("a browser is available or required");
        }
        return ConditionEvaluationResult.disabled(missing + " — skipped; -D" + REQUIRED + "=true makes this a failure");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String missing = missing();
        if (missing != null) {
            if (required()) {
                throw new IllegalStateException(missing + " (and -D" + REQUIRED + "=true)");
            }
            return; // the tests are disabled, see evaluateExecutionCondition
        }
        try {
            context.getStore(NAMESPACE).put(Browser.class, start(chromium(), chromedriver())); // closed by JUnit after the class
        } catch (RuntimeException e) {
            if (required()) {
                throw e;
            }
            context.getStore(NAMESPACE).put(UNAVAILABLE, "Chromium did not start: " + e.getMessage());
        }
    }

    private static Path chromium() {
        return Path.of(System.getProperty("gridwork.browser.chromium", "/usr/bin/chromium"));
    }

    private static Path chromedriver() {
        return Path.of(System.getProperty("gridwork.browser.chromedriver", "/usr/bin/chromedriver"));
    }

    /** Why there is no browser to drive, or null. */
    static String missing() {
        Path chromium = chromium();
        Path chromedriver = chromedriver();
        if (Files.isExecutable(chromium) && Files.isExecutable(chromedriver)) {
            return null;
        }
        return "browser tests need Debian's Chromium (apt-get install chromium chromium-driver); missing: "
                + (Files.isExecutable(chromium) ? "" : chromium + " ") + (Files.isExecutable(chromedriver) ? "" : chromedriver);
    }

    static Browser start(Path chromium, Path chromedriver) throws IOException {
        // Belt and braces: with the driver path known, Selenium never consults Selenium Manager.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
        Path userDataDir = Files.createTempDirectory("gridwork-chromium-");
        Files.createDirectories(Path.of("target"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .withLogLevel(ChromiumDriverLogLevel.WARNING)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--password-store=basic", "--lang=zh-CN",
                "--window-size=" + Browser.DESKTOP_WIDTH + "," + Browser.DESKTOP_HEIGHT, "--user-data-dir=" + userDataDir);
        try {
            return new Browser(new ChromeDriver(service, options), userDataDir, SCREENSHOTS);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String unavailable = context.getStore(NAMESPACE).get(UNAVAILABLE, String.class);
        Assumptions.assumeTrue(unavailable == null, () -> unavailable + " — skipped; -D" + REQUIRED + "=true makes this a failure");
        Browser browser = browser(context);
        String port = SpringExtension.getApplicationContext(context).getEnvironment().getRequiredProperty("local.server.port");
        browser.baseUrl("http://localhost:" + port);
        browser.signOut().desktop();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Browser browser = context.getStore(NAMESPACE).get(Browser.class, Browser.class);
        if (browser == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName() + "-failed";
        try {
            Path png = browser.screenshot(name);
            browser.pageSource(name);
            System.err.println("Browser test failed on " + browser.path() + "; screenshot: " + png.toAbsolutePath());
        } catch (RuntimeException e) {
            System.err.println("No screenshot of the failure: " + e.getMessage());
        }
    }

    private static Browser browser(ExtensionContext context) {
        Browser browser = context.getStore(NAMESPACE).get(Browser.class, Browser.class);
        if (browser == null) {
            throw new IllegalStateException("no browser: is the test class annotated with @BrowserTest?");
        }
        return browser;
    }
}
