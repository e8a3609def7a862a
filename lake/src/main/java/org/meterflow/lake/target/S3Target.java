package org.meterflow.lake.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.meterflow.lake.LakeSettings;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The lake in an S3 bucket (AWS or any S3-compatible store through an endpoint override), with
 * the same key layout as the local folder under a prefix. Credentials come from the default
 * chain (environment, system properties, profile, container or instance role). A file is
 * uploaded with one PUT (the files of one flush are at most tens of MB); an upload that fails is
 * retried by the lake, whose spool still holds the rows.
 */
public final class S3Target implements LakeTarget {

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  /** The local copy (for SQL over the local lake), or null. */
  private final LocalFolderTarget local;

  public S3Target(S3Client s3, String bucket, String prefix, LocalFolderTarget local) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    this.local = local;
  }

  /** The client the settings describe: url-connection HTTP client, default credentials chain. */
  public static S3Client client(LakeSettings.S3 settings) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.of(settings.region()))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .forcePathStyle(settings.pathStyle());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public void publish(Path file, String key) throws IOException {
    try {
      s3.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key)
          .contentType("application/vnd.apache.parquet").build(), RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw new IOException("upload of " + key + " to s3://" + bucket + "/" + prefix + " failed: " + e.getMessage(), e);
    }
    if (local != null) {
      local.publish(file, key);
    } else {
      Files.deleteIfExists(file);
    }
  }

  /** DeleteObject (a missing key is fine, as S3 answers it), then the local copy. */
  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(prefix + key).build());
    } catch (SdkException e) {
      throw new IOException("delete of " + key + " from s3://" + bucket + "/" + prefix + " failed: " + e.getMessage(), e);
    }
    if (local != null) {
      local.delete(key);
    }
  }

  @Override
  public boolean keepsLocalCopy() {
    return local != null;
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + prefix + (local == null ? "" : " (and " + local.describe() + ")");
  }

  @Override
  public void close() {
    s3.close();
  }
}
