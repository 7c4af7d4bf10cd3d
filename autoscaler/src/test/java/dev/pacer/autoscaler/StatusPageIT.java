package dev.pacer.autoscaler;

import static dev.pacer.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testkit.marathon.AppDefinitions;
import dev.pacer.testkit.marathon.MarathonSimulator;
import dev.pacer.testkit.servers.Graphite;
import dev.pacer.testsupport.PacerHarness;
import dev.pacer.testsupport.PacerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser: Debian's headless Chromium, driven by Selenium through
 * Debian's chromedriver, against a Pacer whose autoscaler reads a real Graphite and scales apps in
 * the Marathon simulator. The test opens the overview, follows the link to an app, and sees the
 * autoscaler's next decision appear in the app's timeline and chart without a reload. Screenshots
 * go to {@code target/screenshots/}.
 */
class StatusPageIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Path SHOTS = Path.of("target", "screenshots");
  @TempDir Path stateDir;
  @TempDir Path browserProfile;
  Vertx vertx;
  Graphite graphite;
  MarathonSimulator marathon;
  PacerHarness pacer;
  WebDriver browser;

  @BeforeEach
  void start() {
    graphite = Graphite.start();
    vertx = Vertx.vertx();
    marathon = result(MarathonSimulator.start(vertx, Clock.systemUTC()));
    for (String app : new String[] {"web", "api", "batch"}) {
      marathon.seedApp(
          AppDefinitions.docker(
              "/page/" + app,
              "acme/" + app + ":1",
              2,
              new JsonObject()
                  .put(
                      "autoscale",
                      "{ minInstances = 2, maxInstances = 6, cooldown = 0, window = 30s,"
                          + " aggregation = last, graphite = { target ="
                          + " mesos.marathon.${id}.cpu_util, down = 0.4, up = 0.7 } }")));
    }
    Map<String, String> o = new HashMap<>();
    o.putAll(PacerSettings.autoscaling(graphite.url(), stateDir, "page-token"));
    pacer = PacerHarness.start(marathon.url(), o, List.of(new AutoscalerMain()));
    browser = chromium(browserProfile);
  }

  /** Debian's Chromium and chromedriver (bin/test installs them); nothing is downloaded. */
  static WebDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    pacer.close();
    result(vertx.close());
    graphite.close();
  }

  void metric(String app, double value) {
    long now = Instant.now().getEpochSecond();
    String m = "mesos.marathon.page." + app + ".cpu_util";
    graphite.sendLines(
        m + " " + value + " " + (now - 10) + "\n" + m + " " + value + " " + now + "\n");
  }

  int instances(String app) {
    return marathon.storedApp("/page/" + app).getInteger("instances");
  }

  WebDriverWait waiting() {
    return new WebDriverWait(browser, WAIT);
  }

  static Path screenshot(WebDriver browser, String name) throws IOException {
    Files.createDirectories(SHOTS);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path to = SHOTS.resolve(name + ".png");
    Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    return to;
  }

  @Test
  void theOverviewLeadsToAnAppWhoseNextDecisionAppearsWithoutAReload() throws IOException {
    metric("api", 0.9);
    metric("batch", 0.1); // below the band at min: held at its bound
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> instances("api") == 6);
    // Marathon took it before Pacer published it: wait for the journal to have it too
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                new JsonObject(pacer.get("/apps/page/api/timeline"))
                    .getJsonArray("entries").stream()
                        .map(o -> ((JsonObject) o).getJsonObject("data"))
                        .anyMatch(d -> Integer.valueOf(6).equals(d.getInteger("to"))));

    browser.get(pacer.url("/"));
    waiting().until(b -> b.findElement(By.id("live-state")).getText().equals("live"));
    List<WebElement> rows = browser.findElements(By.cssSelector("tr.app"));
    assertThat(rows)
        .extracting(r -> r.getAttribute("data-app"))
        .containsExactly("/page/api", "/page/batch", "/page/web");
    WebElement api = browser.findElement(By.cssSelector("tr.app[data-app='/page/api']"));
    assertThat(api.getText()).contains("0.4–0.7").contains("2–6");
    assertThat(browser.findElement(By.id("live")).getText()).contains("scaled 4 → 6");
    screenshot(browser, "overview");

    // filter and paginate: the form narrows the table to what it asks for
    browser.get(pacer.url("/?q=bat"));
    assertThat(browser.findElements(By.cssSelector("tr.app")))
        .extracting(r -> r.getAttribute("data-app"))
        .containsExactly("/page/batch");

    browser.get(pacer.url("/"));
    browser.findElement(By.linkText("/page/web")).click();
    waiting().until(b -> b.getCurrentUrl().endsWith("/ui/apps/page/web"));
    waiting().until(b -> b.findElement(By.id("live-state")).getText().equals("live"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("/page/web");
    // a mark the page keeps only while it is not reloaded
    ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
    int before = browser.findElements(By.cssSelector("#timeline li")).size();
    int pointsBefore =
        Integer.parseInt(browser.findElement(By.id("chart")).getAttribute("data-points"));

    metric("web", 0.9); // the autoscaler acts: 2 → 4, then 4 → 6
    waiting()
        .until(
            b ->
                b.findElements(By.cssSelector("#timeline li")).stream()
                    .anyMatch(li -> li.getText().contains("scaled 2 → 4: 0.9 is above up 0.7")));
    assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"))
        .as("the decision came without a reload")
        .isEqualTo(true);
    assertThat(browser.findElements(By.cssSelector("#timeline li")).size()).isGreaterThan(before);
    // the chart took the new point too: the metric, the band and the instances
    waiting()
        .until(
            b ->
                Integer.parseInt(b.findElement(By.id("chart")).getAttribute("data-points"))
                    > pointsBefore);
    assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> instances("web") == 6);
    waiting()
        .until(
            b ->
                b.findElement(By.id("timeline")).getText().contains("scaled 4 → 6")
                    && b.findElement(By.id("said")).getText().contains("/page/web is at"));
    browser.navigate().refresh();
    waiting().until(b -> b.findElement(By.id("live-state")).getText().equals("live"));
    assertThat(browser.findElement(By.id("said")).getText())
        .contains("/page/web is at 6 instances (bounds 2–6), set at")
        .contains("from 4 because 0.9 is above up 0.7 (band 0.4–0.7).");
    screenshot(browser, "app");
  }
}
