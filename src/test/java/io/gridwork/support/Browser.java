package io.gridwork.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium, shared by the tests of a class, with the small vocabulary our tests need:
 * open a path of the application, sign in, switch between a desktop window and a phone, find and
 * wait for elements, take full-page screenshots. {@link #driver()} gives the raw Selenium driver for
 * anything else.
 */
public final class Browser implements AutoCloseable {

    /** A mid-sized phone (CSS pixels), as most residents and grid workers use. */
    public static final int PHONE_WIDTH = 390;
    public static final int PHONE_HEIGHT = 844;
    static final int DESKTOP_WIDTH = 1280;
    static final int DESKTOP_HEIGHT = 900;
    private static final String PHONE_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36";

    private final ChromeDriver driver;
    private final Path userDataDir;
    private final Path screenshots;
    private final String desktopUserAgent;
    private String baseUrl = "http://localhost:8080";
    private boolean phone;
    private boolean checking = true;

    Browser(ChromeDriver driver, Path userDataDir, Path screenshots) {
        this.driver = driver;
        this.userDataDir = userDataDir;
        this.screenshots = screenshots;
        this.desktopUserAgent = (String) driver.executeScript("return navigator.userAgent");
    }

    public ChromeDriver driver() {
        return driver;
    }

    public String baseUrl() {
        return baseUrl;
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Opens a path of the application ("/grid", "/households/12?lang=en"); on a phone, checks the page (see {@link #checked}). */
    public Browser open(String path) {
        driver.get(baseUrl + path);
        return checked();
    }

    /**
     * On a phone, every page a test reaches must read well ({@link PageChecks}): nothing wider than the screen, no codes
     * or true/false as text. A test that means to show such a page (none should) may look with {@link #unchecked}.
     */
    private Browser checked() {
        if (phone && checking) {
            List<String> problems = PageChecks.problems(this);
            if (!problems.isEmpty()) {
                throw new AssertionError("page " + path() + " on a phone: " + String.join("; ", problems));
            }
        }
        return this;
    }

    /** Runs {@code action} without the page checks (for the phone tour, which reports rather than fails). */
    public Browser unchecked(Runnable action) {
        boolean before = checking;
        checking = false;
        try {
            action.run();
        } finally {
            checking = before;
        }
        return this;
    }

    /** The path (and query) of the page shown. */
    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
    }

    /** Signs in through the login form and waits for the next page. */
    public Browser signIn(String username, String password) {
        open("/login");
        find("input[name=username]").sendKeys(username);
        find("input[name=password]").sendKeys(password);
        clickAndWaitForPage("main form button[type=submit]");
        return this;
    }

    /** Forgets the session (and every other cookie), as a fresh browser would. */
    public Browser signOut() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        return this;
    }

    /** A phone: 390×844 CSS pixels, touch, a mobile user agent; kept across page loads. */
    public Browser phone() {
        phone = true;
        return emulate(PHONE_WIDTH, PHONE_HEIGHT, true, PHONE_USER_AGENT);
    }

    /** Back to a 1280×900 desktop window. */
    public Browser desktop() {
        phone = false;
        return emulate(DESKTOP_WIDTH, DESKTOP_HEIGHT, false, desktopUserAgent);
    }

    private Browser emulate(int width, int height, boolean mobile, String userAgent) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", mobile ? 2 : 1, "mobile", mobile));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", mobile, "maxTouchPoints", 5));
        driver.executeCdpCommand("Emulation.setUserAgentOverride", Map.of("userAgent", userAgent));
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public boolean exists(String css) {
        return !findAll(css).isEmpty();
    }

    /** The visible text of the first element matching {@code css}. */
    public String text(String css) {
        return find(css).getText();
    }

    /** The visible text of the whole page. */
    public String pageText() {
        return find("body").getText();
    }

    /** Waits (up to 10 s) until an element matching {@code css} is visible. */
    public WebElement waitFor(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Clicks and waits until the browser has loaded a new page (a link or a form submission). */
    public Browser clickAndWaitForPage(String css) {
        return clickAndWaitForPage(find(css));
    }

    public Browser clickAndWaitForPage(WebElement element) {
        WebElement old = find("html");
        element.click();
        waiting().until(d -> isGone(old));
        waiting().until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        return checked();
    }

    /**
     * Whether the element no longer belongs to the page. Chromium sometimes answers a read of a node from an
     * unloaded document with an inspector error ("does not belong to the document") instead of a stale-element
     * error; both mean the old page is gone.
     */
    private static boolean isGone(WebElement old) {
        try {
            old.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("does not belong to the document") || message.contains("No node with given id")) {
                return true;
            }
            throw e;
        }
    }

    public Browser select(String css, String value) {
        new Select(find(css)).selectByValue(value);
        return this;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    /** Whether the page is wider than the window, i.e. the user has to scroll sideways. */
    public boolean scrollsSideways() {
        return (Boolean) driver.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
    }

    /** Whether the first element matching {@code css} is wider than its box (content cut off or scrolled). */
    public boolean overflowsSideways(String css) {
        return (Boolean) driver.executeScript("return arguments[0].scrollWidth > arguments[0].clientWidth", find(css));
    }

    /** Saves a screenshot of the whole page (not just the window) as target/screenshots/{name}.png. */
    public Path screenshot(String name) {
        return write(name + ".png", fullPage());
    }

    /** Saves a screenshot of the first element matching {@code css} as target/screenshots/{name}.png. */
    public Path screenshot(String name, String css) {
        return write(name + ".png", find(css).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    /** Saves a screenshot of the whole page into {@code file}. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, fullPage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private byte[] fullPage() {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) (Map<?, ?>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(((Number) size.get("height")).doubleValue(), 8000);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    /** Saves the current page's HTML as target/screenshots/{name}.html. */
    public Path pageSource(String name) {
        return write(name + ".html", driver.getPageSource().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Path write(String fileName, byte[] content) {
        try {
            Files.createDirectories(screenshots);
            Path file = screenshots.resolve(fileName.replaceAll("[^\\w.\\-]", "_"));
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + fileName, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(userDataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp directory left behind is no reason to fail a test run
        }
    }
}
