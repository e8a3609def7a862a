package org.meterflow.mqtt.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.exception.NoSuchClientIdException;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import org.meterflow.model.port.BrokerClientDirectory.BrokerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.meterflow.model.port.BrokerClientDirectory;
import org.meterflow.mqtt.client.MqttTls;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;
import org.meterflow.pki.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT broker: HiveMQ CE with one mutual-TLS listener and an embedded
 * extension that authenticates clients by certificate against a {@link BrokerClientDirectory}.
 *
 * <p>Layout under {@link BrokerSettings#dataDirectory()}: {@code conf/} (config.xml and the
 * PKCS#12 key and trust stores, owner-only; rewritten on every start with a fresh server
 * certificate), {@code data/} (HiveMQ's data) and an empty {@code extensions/}.
 *
 * <p>HiveMQ CE keeps process-wide state (its extension {@code Services}, auth defaults): run one
 * broker per JVM at a time.
 */
public final class EmbeddedBroker implements AutoCloseable {

  /** Validity of the server certificate issued at each start (re-issued on restart). */
  public static final Duration SERVER_CERTIFICATE_VALIDITY = Duration.ofDays(397);
  public static final String SERVER_COMMON_NAME = "meterflow-broker";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EmbeddedHiveMQ hiveMq;
  private final BrokerSettings settings;
  private final int port;
  private final Refusals refusals;
  private final AtomicReference<ClientService> clients;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<ReadingHandOver.Target> handOver;

  private EmbeddedBroker(EmbeddedHiveMQ hiveMq, BrokerSettings settings, int port, Refusals refusals,
      AtomicReference<ClientService> clients, AtomicReference<ReadingHandOver.Target> handOver) {
    this.handOver = handOver;
    this.hiveMq = hiveMq;
    this.settings = settings;
    this.port = port;
    this.refusals = refusals;
    this.clients = clients;
  }

  /**
   * Writes the configuration, issues the server certificate from {@code ca} and starts HiveMQ;
   * returns once the TLS listener accepts connections. Fails (and cleans up) when HiveMQ does not
   * start, e.g. because the port is taken.
   */
  /**
   * Unacknowledged QoS 1 messages the broker sends one subscriber before waiting for PUBACKs.
   * HiveMQ CE hard-codes 50, which caps an ingest that acks only after a durable batch write at
   * ~50 messages per write cycle (measured: ~700 readings/s). Mosquitto's equivalent is
   * {@code max_inflight_messages} in deploy/mosquitto.
   */
  public static final int OUTBOUND_INFLIGHT_WINDOW = 2000;

  /**
   * HiveMQ CE exposes the window only as a mutable static in its internal configuration (it has
   * no config.xml key); it is read when a client connects, so it is set before the broker starts.
   */
  private static void raiseOutboundWindow() {
    com.hivemq.configuration.service.InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = OUTBOUND_INFLIGHT_WINDOW;
  }

  public static EmbeddedBroker start(BrokerSettings settings, CertificateAuthority ca,
      BrokerClientDirectory directory) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(directory, "directory");
    int port = settings.tlsPort() != 0 ? settings.tlsPort() : freePort(settings.bindHost());
    Path root = settings.dataDirectory().toAbsolutePath();
    Path conf = root.resolve("conf");
    Path data = root.resolve("data");
    Path extensions = root.resolve("extensions");
    try {
      createPrivateDirectories(root, conf, data, extensions); // HiveMQ needs data/ to exist first
      HiveMqConfig.TlsFiles tls = writeKeyStores(settings, ca, conf);
      writePrivate(conf.resolve("config.xml"), HiveMqConfig.render(settings, port, tls));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the broker directory " + root, e);
    }

    raiseOutboundWindow();
    Refusals refusals = new Refusals();
    AtomicReference<ClientService> clients = new AtomicReference<>();
    AtomicReference<ReadingHandOver.Target> handOver = new AtomicReference<>();
    CertificateAuthenticator authenticator = new CertificateAuthenticator(directory, refusals);
    EmbeddedExtension extension = EmbeddedExtension.builder()
        .withId("meterflow-auth")
        .withName("MeterFlow certificate authentication")
        .withVersion("1")
        .withAuthor("MeterFlow")
        .withPriority(1000)
        .withStartPriority(1000)
        .withExtensionMain(new ExtensionMain() {
          @Override
          public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
            Services.initializerRegistry().setClientInitializer((initializerInput, clientContext) -> {
              String clientId = initializerInput.getClientInformation().getClientId();
              authenticator.takeAdmittedKind(clientId)
                  .filter(kind -> kind != BrokerClient.Kind.SERVICE)
                  .ifPresent(kind -> clientContext.addPublishInboundInterceptor(new ReadingHandOver(
                      clientId, kind == BrokerClient.Kind.GATEWAY, handOver)));
            });
            clients.set(Services.clientService());
          }

          @Override
          public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            clients.set(null);
          }
        })
        .build();

    EmbeddedHiveMQ hiveMq = EmbeddedHiveMQ.builder()
        .withConfigurationFolder(conf)
        .withDataFolder(data)
        .withExtensionsFolder(extensions)
        .withEmbeddedExtension(extension)
        .withoutLoggingBootstrap() // keep the application's logging configuration
        .build();
    try {
      hiveMq.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(hiveMq);
      throw new IllegalStateException("HiveMQ did not start on " + settings.bindHost() + ":" + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(hiveMq);
      throw new IllegalStateException("interrupted while starting HiveMQ", e);
    }
    if (clients.get() == null) {
      closeQuietly(hiveMq);
      throw new IllegalStateException("HiveMQ started without the MeterFlow authentication extension");
    }
    log.info("MQTT broker (HiveMQ CE, mutual TLS) listening on {}:{}", settings.bindHost(), port);
    return new EmbeddedBroker(hiveMq, settings, port, refusals, clients, handOver);
  }

  /**
   * From now on, QoS 1 messages meters and gateways publish on their own readings topic go to
   * {@code ingest}, and their PUBACK waits for its decision (see {@link HeldPuback}); the
   * broker no longer queues them for subscribers. Clients connected before keep the old path
   * until they reconnect, so call this before meters connect. {@code null} turns it off. A message
   * not decided on within {@code timeout} is refused.
   */
  public void handOverReadings(InboundReadings ingest, Duration timeout) {
    handOver.set(ingest == null ? null : new ReadingHandOver.Target(ingest, timeout));
  }

  /** The TLS port actually used (the configured one, or the free one picked for 0). */
  public int port() {
    return port;
  }

  public String host() {
    return settings.bindHost();
  }

  /** {@code ssl://host:port} for Paho on this machine (loopback when bound to all interfaces). */
  public String serverUri() {
    String host = settings.bindHost();
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    return MqttTls.serverUri(wildcard ? BrokerSettings.LOOPBACK : host, port);
  }

  public BrokerSettings settings() {
    return settings;
  }

  /** Refused connections by reason code (see {@link Refusals.Reason}), zeros included. */
  public Map<String, Long> refusals() {
    return refusals.snapshot();
  }

  /**
   * Drops a client's connection and its session (queued messages, subscriptions) at once, for
   * revocation: remove it from the directory first, then call this, so it cannot reconnect
   * (the directory is only asked at connect). Non-blocking; completes with true when a connected
   * client was dropped, false when it was offline (its stored session is removed all the same)
   * or unknown.
   */
  public CompletableFuture<Boolean> disconnect(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    ClientService service = clients.get();
    if (service == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("the broker is not running"));
    }
    return service.invalidateSession(clientId)
        .handle((dropped, error) -> {
          if (error == null) {
            log.info("Dropped the session of MQTT client '{}' (was connected: {})", clientId, dropped);
            return Boolean.TRUE.equals(dropped);
          }
          Throwable cause = error instanceof CompletionException && error.getCause() != null
              ? error.getCause() : error;
          if (cause instanceof NoSuchClientIdException) {
            return false;
          }
          throw new CompletionException(cause);
        });
  }

  /**
   * Stops HiveMQ and waits for it (closing its listener, sessions and executors; ~4 s, most of it
   * Netty's fixed 2 s quiet period). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      hiveMq.stop().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      hiveMq.close();
      log.info("MQTT broker on {}:{} stopped", settings.bindHost(), port);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while stopping the MQTT broker");
    } catch (ExecutionException | TimeoutException e) {
      log.warn("MQTT broker did not stop cleanly", e);
    }
  }

  private static HiveMqConfig.TlsFiles writeKeyStores(BrokerSettings settings, CertificateAuthority ca, Path conf) {
    IssuedCertificate server = ca.issueServer(SERVER_COMMON_NAME, settings.serverHosts(), SERVER_CERTIFICATE_VALIDITY);
    String keyPassword = randomPassword();
    String trustPassword = randomPassword();
    Path keyStore = conf.resolve("broker-keystore.p12");
    Path trustStore = conf.resolve("broker-truststore.p12");
    TlsContexts.write(TlsContexts.keyStore(server, keyPassword.toCharArray()), keyPassword.toCharArray(), keyStore);
    TlsContexts.write(TlsContexts.trustStore(ca.caPem()), trustPassword.toCharArray(), trustStore);
    return new HiveMqConfig.TlsFiles(keyStore, keyPassword, trustStore, trustPassword);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void createPrivateDirectories(Path... dirs) throws IOException {
    for (Path dir : dirs) {
      Files.createDirectories(dir);
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    }
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /** A port free right now on {@code host} (the OS's pick); HiveMQ binds it moments later. */
  static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host, e);
    }
  }

  private static void closeQuietly(EmbeddedHiveMQ hiveMq) {
    try {
      hiveMq.close();
    } catch (ExecutionException e) {
      log.warn("HiveMQ did not close cleanly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
