package org.meterflow.pki;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretHasherTest {

  private final SecretHasher hasher = new SecretHasher(1024, 1, 1);

  @Test
  void verifiesTheRightSecretOnly() {
    String hash = hasher.hash("s3cret");
    assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").doesNotContain("s3cret");
    assertThat(hasher.verify("s3cret", hash)).isTrue();
    assertThat(hasher.verify("s3cret!", hash)).isFalse();
  }

  @Test
  void sameSecretHashesDifferentlyEachTime() {
    assertThat(hasher.hash("x")).isNotEqualTo(hasher.hash("x"));
  }

  @Test
  void malformedHashIsARefusalNotAnError() {
    assertThat(hasher.verify("x", "plain")).isFalse();
    assertThat(hasher.verify("x", "$argon2id$v=19$m=zz$AAAA$AAAA")).isFalse();
  }

  @Test
  void owaspParametersRoundTrip() {
    SecretHasher strong = SecretHasher.owaspMinimum();
    assertThat(strong.verify("token-secret", strong.hash("token-secret"))).isTrue();
  }
}
