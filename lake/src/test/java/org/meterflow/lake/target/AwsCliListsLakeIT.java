package org.meterflow.lake.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.lake.Lake;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.Readings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A standard S3 client reads what the lake uploads: Debian's {@code /usr/bin/aws} (awscli, which
 * .ci/run installs) lists the date partitions and copies a Parquet file back from an S3 server
 * (S3Proxy on a folder, in-process on 127.0.0.1). Fails when the aws binary is missing.
 */
class AwsCliListsLakeIT {

  static final Path AWS = Path.of("/usr/bin/aws");
  static final String BUCKET = "lake-it";
  static final String ACCESS = "it-access";
  static final String SECRET = "it-secret";

  @TempDir
  static Path tmp;

  static S3Proxy s3proxy;
  static URI endpoint;

  @BeforeAll
  static void startS3() throws Exception {
    assertThat(AWS).as("Debian's awscli (apt-get install awscli)").isExecutable();
    s3proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(Files.createDirectories(tmp.resolve("blobs")).toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
        .ignoreUnknownHeaders(true)
        .build();
    s3proxy.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!"STARTED".equals(s3proxy.getState()) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3proxy != null) {
      s3proxy.stop();
    }
  }

  @Test
  void awsS3LsListsTheDatePartitionsAndCopiesAFileBack() throws Exception {
    S3Client s3 = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.AP_SOUTH_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .build();
    s3.createBucket(b -> b.bucket(BUCKET));
    LakeSettings settings = Readings.settings(tmp.resolve("lake"), 64L << 20, Duration.ofMinutes(5));
    try (Lake lake = Lake.start(settings, new S3Target(s3, BUCKET, "meterflow/", null), Clock.systemUTC())) {
      lake.append(Readings.series("A1", Readings.DAY1, 8)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      lake.append(Readings.series("A2", Readings.DAY1.plus(Duration.ofDays(1)), 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    String listing = aws("s3", "ls", "--recursive", "s3://" + BUCKET + "/meterflow/");
    assertThat(listing.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).map(k -> k.replaceAll("/part-.*", "")))
        .as(listing).containsExactlyInAnyOrder("meterflow/readings/date=2026-11-25", "meterflow/readings/date=2026-11-26",
            "meterflow/readings/date=2026-11-27");
    String partitions = aws("s3", "ls", "s3://" + BUCKET + "/meterflow/readings/");
    assertThat(partitions).contains("PRE date=2026-11-25/", "PRE date=2026-11-26/", "PRE date=2026-11-27/");

    String key = listing.lines().findFirst().orElseThrow();
    key = key.substring(key.lastIndexOf(' ') + 1);
    Path copy = tmp.resolve("copy.parquet");
    aws("s3", "cp", "s3://" + BUCKET + "/" + key, copy.toString());
    byte[] bytes = Files.readAllBytes(copy);
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    assertThat(new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
  }

  /** Runs {@code /usr/bin/aws --endpoint-url … ARGS} with dummy credentials; returns its output. */
  private static String aws(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(AWS.toString(), "--endpoint-url", endpoint.toString(),
        "--region", "ap-south-1"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", ACCESS);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    env.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
    env.put("AWS_PAGER", "");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("aws finished").isTrue();
    assertThat(p.exitValue()).as("aws " + String.join(" ", args) + ":\n" + out).isZero();
    return out;
  }
}
