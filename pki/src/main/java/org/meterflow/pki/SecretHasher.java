package org.meterflow.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id hashing of secrets (API token secrets), in the PHC string format
 * {@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}, with BouncyCastle. Verification is constant time.
 */
public final class SecretHasher {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;

  /** OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
  public static SecretHasher owaspMinimum() {
    return new SecretHasher(19 * 1024, 2, 1);
  }

  public SecretHasher(int memoryKiB, int iterations, int parallelism) {
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
  }

  public String hash(String secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(secret, salt, memoryKiB, iterations, parallelism, 32);
    return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** True when {@code secret} matches {@code encoded}; false for a malformed hash. */
  public boolean verify(String secret, String encoded) {
    String[] parts = encoded.split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1])) {
      return false;
    }
    try {
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        String[] pair = kv.split("=");
        switch (pair[0]) {
          case "m" -> m = Integer.parseInt(pair[1]);
          case "t" -> t = Integer.parseInt(pair[1]);
          case "p" -> p = Integer.parseInt(pair[1]);
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      return MessageDigest.isEqual(expected, derive(secret, salt, m, t, p, expected.length));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(String secret, byte[] salt, int m, int t, int p, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(m)
        .withIterations(t)
        .withParallelism(p)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(secret.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
