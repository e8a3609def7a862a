package org.meterflow.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven by its chromedriver, with a throw-away profile and download
 * folder. Fails (never skips) when either binary is missing.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path CHROMIUM = Path.of(System.getProperty("meterflow.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("meterflow.chromedriver", "/usr/bin/chromedriver"));

  private final WebDriver driver;
  private final Path profile;
  private final Path downloads;

  private HeadlessChromium(WebDriver driver, Path profile, Path downloads) {
    this.driver = driver;
    this.profile = profile;
    this.downloads = downloads;
  }

  static HeadlessChromium start(int width, int height, Duration pageLoadTimeout) throws IOException {
    Path profile = Files.createTempDirectory("meterflow-chromium-");
    Path downloads = Files.createDirectories(profile.resolve("downloads"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
        "--user-data-dir=" + profile.resolve("profile"), "--window-size=" + width + "," + height);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(pageLoadTimeout).scriptTimeout(pageLoadTimeout);
    return new HeadlessChromium(driver, profile, downloads);
  }

  WebDriver driver() {
    return driver;
  }

  /** Where downloads land. */
  Path downloads() {
    return downloads;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
