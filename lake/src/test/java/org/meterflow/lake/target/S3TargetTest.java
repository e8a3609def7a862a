package org.meterflow.lake.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
import org.meterflow.lake.query.LakeSql;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 target against a real S3 server (S3Proxy on a folder, in-process on 127.0.0.1). */
class S3TargetTest {

  static final String BUCKET = "meterflow-lake";

  @TempDir
  static Path tmp;

  static S3Proxy s3proxy;
  static URI endpoint;

  @BeforeAll
  static void startS3() throws Exception {
    Path blobs = Files.createDirectories(tmp.resolve("blobs"));
    s3proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(blobs.toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access", "test-secret")
        .ignoreUnknownHeaders(true)
        .build();
    s3proxy.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!"STARTED".equals(s3proxy.getState()) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
    System.setProperty("aws.accessKeyId", "test-access");
    System.setProperty("aws.secretAccessKey", "test-secret");
    try (S3Client s3 = S3Target.client(s3Settings(false))) {
      s3.createBucket(b -> b.bucket(BUCKET));
    }
  }

  @AfterAll
  static void stopS3() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3proxy.stop();
  }

  static LakeSettings.S3 s3Settings(boolean keepLocal) {
    return new LakeSettings.S3(BUCKET, "utility/", "ap-south-1", Optional.of(endpoint), true, keepLocal);
  }

  @Test
  void flushedPartitionsAreUploadedUnderThePrefixAndKeptLocallyForSql() throws Exception {
    Path dir = tmp.resolve("lake-keep");
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    try (S3Client s3 = S3Target.client(s3Settings(true))) {
      S3Target target = new S3Target(S3Target.client(s3Settings(true)), BUCKET, "utility/", new LocalFolderTarget(dir));
      try (Lake lake = Lake.start(settings, target, Clock.systemUTC())) {
        lake.append(Readings.series("S1", Readings.DAY1, 10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }

      List<String> keys = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("utility/readings/")).contents().stream()
          .map(S3Object::key).sorted().toList();
      assertThat(keys).hasSize(2).allMatch(k -> k.matches("utility/readings/date=2026-11-2[56]/part-[0-9a-f-]+-0\\.parquet"));
      byte[] uploaded = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(keys.get(0))).asByteArray();
      assertThat(new String(uploaded, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
      assertThat(Files.readAllBytes(dir.resolve(keys.get(0).substring("utility/".length())))).isEqualTo(uploaded);
    }
    try (LakeSql sql = new LakeSql(settings)) {
      assertThat(sql.run("SELECT count(*) FROM readings").rows().get(0).get(0)).isEqualTo(10L);
    }
  }

  @Test
  void withoutALocalCopyTheStagedFilesAreRemovedAfterUpload() throws Exception {
    Path dir = tmp.resolve("lake-s3-only");
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    try (Lake lake = Lake.start(settings, new S3Target(S3Target.client(s3Settings(false)), BUCKET, "only", null),
        Clock.systemUTC())) {
      lake.append(Readings.series("S2", Readings.DAY1.plus(Duration.ofHours(2)), 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    try (S3Client s3 = S3Target.client(s3Settings(false))) {
      assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("only/readings/date=2026-11-26/")).contents()).hasSize(1);
    }
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet")).toList()).isEmpty();
    }
  }

  @Test
  void compactionReplacesTheSmallObjectsOfAFinishedDayByOneInTheBucketAndLocally() throws Exception {
    Path dir = tmp.resolve("lake-compact");
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    String day = "compact/readings/date=2026-11-25/";
    try (S3Client s3 = S3Target.client(s3Settings(true))) {
      S3Target target = new S3Target(S3Target.client(s3Settings(true)), BUCKET, "compact/", new LocalFolderTarget(dir));
      try (Lake lake = Lake.start(settings, target, Clock.systemUTC())) {
        for (int i = 0; i < 5; i++) {
          lake.append(Readings.series("C" + i, java.time.Instant.parse("2026-11-25T03:00:00Z"), 8))
              .toCompletableFuture().get(10, TimeUnit.SECONDS);
          lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
      }
      List<String> before = keys(s3, day);
      assertThat(before).hasSize(5).allMatch(k -> k.contains("/part-"));

      S3Target again = new S3Target(S3Target.client(s3Settings(true)), BUCKET, "compact/", new LocalFolderTarget(dir));
      try (org.meterflow.lake.compaction.Compactor compactor = new org.meterflow.lake.compaction.Compactor(settings, again,
          Readings.NOON_NOV_26)) {
        assertThat(compactor.compactNow().get(120, TimeUnit.SECONDS).filesCompacted()).isEqualTo(5);
      } finally {
        again.close();
      }

      List<String> after = keys(s3, day);
      assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
      assertThat(after.get(0)).matches("compact/readings/date=2026-11-25/compacted-[0-9]+-[0-9a-f]{8}-0\\.parquet");
      byte[] uploaded = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(after.get(0))).asByteArray();
      Path local = dir.resolve(after.get(0).substring("compact/".length()));
      assertThat(Files.readAllBytes(local)).isEqualTo(uploaded);
      try (var files = Files.list(local.getParent())) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet")).toList()).containsExactly(local);
      }
    }
    try (LakeSql sql = new LakeSql(settings)) {
      assertThat(sql.run("SELECT count(*) FROM readings").rows().get(0).get(0)).isEqualTo(40L);
    }
  }

  @Test
  void withoutALocalCopyCompactionIsOff() throws Exception {
    Path dir = tmp.resolve("lake-s3-only-compaction");
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5))
        .withCompaction(LakeSettings.Compaction.DEFAULTS);
    try (Lake lake = Lake.start(settings, new S3Target(S3Target.client(s3Settings(false)), BUCKET, "nocompact", null),
        Clock.systemUTC())) {
      assertThat(settings.compaction().enabled()).isTrue();
      assertThat(lake.compactNow().toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
      assertThat(lake.compaction()).isEqualTo(org.meterflow.lake.compaction.Compactor.Status.NONE);
    }
  }

  private static List<String> keys(S3Client s3, String prefix) {
    return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).sorted().toList();
  }

  @Test
  void anUnreachableBucketKeepsTheRowsSpooledUntilItIsBack() throws Exception {
    Path dir = tmp.resolve("lake-missing-bucket");
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    try (S3Client s3 = S3Target.client(s3Settings(false))) {
      Lake lake = Lake.start(settings, new S3Target(S3Target.client(s3Settings(false)), "late-bucket", "", null),
          Clock.systemUTC());
      try {
        lake.append(Readings.series("S3", Readings.DAY1, 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        var flushed = lake.flush().toCompletableFuture();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lake.status().segmentsWaiting() == 0 && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(flushed).isNotDone();
        try (var spooled = Files.list(settings.spoolDir())) {
          assertThat(spooled.toList()).hasSize(1);
        }

        s3.createBucket(b -> b.bucket("late-bucket"));
        flushed.get(30, TimeUnit.SECONDS);
        assertThat(s3.listObjectsV2(b -> b.bucket("late-bucket")).contents()).as("both days").hasSize(2);
        try (var spooled = Files.list(settings.spoolDir())) {
          assertThat(spooled.toList()).isEmpty();
        }
      } finally {
        lake.close();
      }
    }
  }
}
