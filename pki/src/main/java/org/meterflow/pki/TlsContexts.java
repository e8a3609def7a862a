package org.meterflow.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material from PEM text: SSL contexts for mutual TLS that trust only the platform CA, and
 * PKCS#12 key and trust stores (in memory or as files, e.g. for HiveMQ's TLS listener).
 */
public final class TlsContexts {

  /** The alias of the single key entry in the key stores built here. */
  public static final String KEY_ALIAS = "key";

  private TlsContexts() {
  }

  /**
   * A client context: presents {@code certificatePem}/{@code privateKeyPem} when the server asks
   * and trusts only the CA in {@code caPem}. Hostname verification is the caller's (the socket's)
   * business: Paho does it with {@code setHttpsHostnameVerificationEnabled(true)}.
   */
  public static SSLContext client(String certificatePem, String privateKeyPem, String caPem) {
    return context(certificatePem, privateKeyPem, caPem);
  }

  /**
   * A server context: presents the server certificate and verifies client certificates against
   * the CA in {@code caPem} only. Requiring them ({@code setNeedClientAuth(true)}) is the
   * engine's or server socket's setting.
   */
  public static SSLContext server(String certificatePem, String privateKeyPem, String caPem) {
    return context(certificatePem, privateKeyPem, caPem);
  }

  /**
   * A PKCS#12 key store with one key entry ({@link #KEY_ALIAS}): the private key with the
   * certificate chain from {@code certificatePem} followed by the CA certificates in {@code caPem} that issued it.
   */
  public static KeyStore keyStore(String certificatePem, String privateKeyPem, String caPem, char[] password) {
    List<X509Certificate> chain = new ArrayList<>(Pem.certificates(certificatePem));
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificate in certificatePem");
    }
    // Extend the chain with the CAs that issued it; a CA that did not is left out (the JDK
    // refuses a broken chain, and the server would not accept the certificate anyway).
    for (X509Certificate ca : Pem.certificates(caPem)) {
      X509Certificate last = chain.get(chain.size() - 1);
      boolean issuedLast = last.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
      if (issuedLast && !chain.contains(ca)) {
        chain.add(ca);
      }
    }
    return keyStore(KEY_ALIAS, Pem.privateKey(privateKeyPem), chain, password);
  }

  /** A PKCS#12 key store for an issued certificate, its key under the alias of its common name. */
  public static KeyStore keyStore(IssuedCertificate issued, char[] password) {
    return keyStore(issued.commonName(), issued.privateKey(),
        List.of(issued.certificate(), issued.caCertificate()), password);
  }

  /** A PKCS#12 trust store holding every certificate in {@code caPem} as a trusted entry. */
  public static KeyStore trustStore(String caPem) {
    List<X509Certificate> cas = Pem.certificates(caPem);
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("no certificate in caPem");
    }
    try {
      KeyStore store = emptyPkcs12();
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      return store;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust store", e);
    }
  }

  /**
   * Writes {@code store} to {@code file} protected by {@code password}, owner-readable only
   * where the file system has POSIX permissions; an existing file is replaced whole.
   */
  public static void write(KeyStore store, char[] password, Path file) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      AtomicFiles.write(file, out.toByteArray(), true);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode key store for " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key store " + file, e);
    }
  }

  private static SSLContext context(String certificatePem, String privateKeyPem, String caPem) {
    char[] password = "in-memory".toCharArray(); // never leaves this method
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore(certificatePem, privateKeyPem, caPem, password), password);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore(caPem));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an SSL context", e);
    }
  }

  private static KeyStore keyStore(String alias, PrivateKey key, List<X509Certificate> chain, char[] password) {
    try {
      KeyStore store = emptyPkcs12();
      store.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
      return store;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a key store", e);
    }
  }

  private static KeyStore emptyPkcs12() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // loading an empty store reads nothing
    }
    return store;
  }
}
