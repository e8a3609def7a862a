package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.meterflow.http.api.OpenApiDocument;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deploy files (deploy/compose, deploy/k8s, deploy/haproxy) say what the configuration says.
 * No container engine runs on the build machines, so the compose and Kubernetes files are never
 * started here: this test parses them and checks their env keys, ports and health paths against
 * the shipped configuration (loaded with each file's environment) and the API's health routes.
 * deploy/haproxy/haproxy.cfg also runs for real in ClusterIT.
 */
class DeployFilesTest {

  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Pattern JVM_PROPERTY = Pattern.compile("-D([A-Za-z0-9._-]+)=(\\S*)");
  private static final Pattern HAPROXY_VAR = Pattern.compile("\\$\\{(MF_[A-Z0-9_]+)}");
  private static final List<String> NODES = List.of("meterflow-1", "meterflow-2", "meterflow-3");

  // ---- compose ------------------------------------------------------------------------------------

  @Test
  void composeNodesUseOnlyKeysTheConfigurationReadsAndListenWhereHaproxyAndTheHealthCheckLook() throws IOException {
    Map<String, Object> services = map(loadYaml(DEPLOY.resolve("compose/docker-compose.yml")).get(0), "services");
    Map<String, String> haproxyEnv = strings(map(map(services, "haproxy"), "environment"));
    HaproxyCfg cfg = HaproxyCfg.read();
    List<String> seeds = new ArrayList<>();
    for (int n = 1; n <= NODES.size(); n++) {
      String name = NODES.get(n - 1);
      Map<String, Object> node = map(services, name);
      Map<String, String> env = strings(map(node, "environment"));
      assertKnownKeys(name, env);
      Config config = loadWith(env);
      int http = config.getInt("meterflow.http.port");
      int mqtt = config.getInt("meterflow.mqtt.port");
      assertThat(config.getString("meterflow.http.host")).as(name + " HTTP reachable from HAProxy").isEqualTo("0.0.0.0");
      assertThat(config.getString("meterflow.mqtt.host")).as(name + " MQTT reachable from HAProxy").isEqualTo("0.0.0.0");
      assertThat(config.getString("pekko.remote.artery.canonical.hostname")).as(name + " announces its service name")
          .isEqualTo(name);
      assertThat(config.getString("meterflow.timeseries.kind")).isEqualTo("influxdb");
      assertThat(config.getString("meterflow.lake.target")).isEqualTo("s3");
      assertThat(config.getString("meterflow.journal.url")).as("journal on the shared MariaDB").startsWith("jdbc:mariadb:");
      assertThat(config.getStringList("meterflow.mqtt.server-hosts")).as("the name HAProxy is reached by").contains("haproxy");

      assertThat(haproxyEnv).as("HAProxy's servers for " + name)
          .containsEntry("MF_NODE" + n + "_HTTP", name + ":" + http)
          .containsEntry("MF_NODE" + n + "_MQTT", name + ":" + mqtt);
      assertThat(cfg.serverVariable("http_nodes", "n" + n)).isEqualTo("MF_NODE" + n + "_HTTP");
      assertThat(cfg.serverVariable("mqtt_nodes", "n" + n)).isEqualTo("MF_NODE" + n + "_MQTT");

      @SuppressWarnings("unchecked")
      List<String> check = (List<String>) map(node, "healthcheck").get("test");
      assertThat(check.get(check.size() - 1)).as(name + " health check")
          .isEqualTo("http://127.0.0.1:" + http + health().ready());
      @SuppressWarnings("unchecked")
      List<String> volumes = (List<String>) node.get("volumes");
      assertThat(volumes).as(name + ": one secrets volume for all nodes, a data volume of its own")
          .contains("secrets:" + config.getString("meterflow.secrets-dir"), "data-" + n + ":" + config.getString("meterflow.data-dir"));
      seeds.add(env.get("METERFLOW_CLUSTER_SEEDS") + "|" + config.getInt("pekko.remote.artery.canonical.port"));
    }
    for (String seedsAndPort : seeds) {
      String[] parts = seedsAndPort.split("\\|");
      for (String seed : parts[0].split(",")) {
        assertThat(NODES).as("seed " + seed + " is a node").contains(seed.substring(0, seed.indexOf(':')));
        assertThat(seed).as("seed port is the remoting port").endsWith(":" + parts[1]);
      }
    }
    assertThat(cfg.variables()).as("every variable of haproxy.cfg set or defaulted")
        .allSatisfy(v -> assertThat(haproxyEnv.containsKey(v) || cfg.defaults().containsKey(v)).as(v).isTrue());
    assertThat(haproxyEnv.keySet()).as("compose sets no variable haproxy.cfg ignores").isSubsetOf(cfg.variables());
    @SuppressWarnings("unchecked")
    List<String> volumes = (List<String>) map(services, "haproxy").get("volumes");
    assertThat(volumes).anyMatch(v -> v.startsWith("../haproxy/haproxy.cfg:"));
  }

  @Test
  void theImageExposesTheConfiguredPortsAndSetsOnlyKnownKeys() throws IOException {
    String dockerfile = Files.readString(DEPLOY.resolve("compose/Dockerfile"));
    Config defaults = MeterflowConfig.load(Map.of());
    Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
    assertThat(expose.find()).isTrue();
    assertThat(expose.group(1).trim().split("\\s+")).containsExactlyInAnyOrder(
        String.valueOf(defaults.getInt("meterflow.http.port")), String.valueOf(defaults.getInt("meterflow.mqtt.port")),
        String.valueOf(defaults.getInt("pekko.remote.artery.canonical.port")),
        String.valueOf(defaults.getInt("pekko.management.http.port")));
    Matcher env = Pattern.compile("(METERFLOW_[A-Z0-9_]+)=").matcher(dockerfile);
    Map<String, String> keys = new TreeMap<>();
    while (env.find()) {
      keys.put(env.group(1), "x");
    }
    assertThat(keys).isNotEmpty();
    assertKnownKeys("Dockerfile", keys);
  }

  // ---- Kubernetes ---------------------------------------------------------------------------------

  @Test
  void kubernetesPodsUseKnownKeysAndNameThePortsTheConfigurationListensOn() throws IOException {
    Map<String, Object> container = container();
    Map<String, String> env = kubernetesEnv(container);
    assertKnownKeys("k8s", env);
    Config config = loadWith(env);
    Map<String, Integer> ports = new TreeMap<>();
    for (Map<String, Object> port : list(container, "ports")) {
      ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
    }
    assertThat(ports).containsOnly(
        Map.entry("http", config.getInt("meterflow.http.port")),
        Map.entry("mqtt", config.getInt("meterflow.mqtt.port")),
        Map.entry("remoting", config.getInt("pekko.remote.artery.canonical.port")),
        Map.entry(config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.port-name"),
            config.getInt("pekko.management.http.port")));
    assertThat(config.getString("meterflow.http.host")).isEqualTo("0.0.0.0");
    assertThat(config.getString("meterflow.mqtt.host")).isEqualTo("0.0.0.0");
    assertThat(config.getString("pekko.management.http.hostname")).as("management announces the pod IP")
        .isEqualTo(PLACEHOLDER_POD_IP);
    assertThat(config.getString("pekko.remote.artery.canonical.hostname")).isEqualTo(PLACEHOLDER_POD_IP);

    Map<String, String> mounts = new TreeMap<>();
    for (Map<String, Object> mount : list(container, "volumeMounts")) {
      mounts.put((String) mount.get("mountPath"), (String) mount.get("name"));
    }
    assertThat(mounts).containsKeys(config.getString("meterflow.secrets-dir"), config.getString("meterflow.data-dir"));
    Map<String, Object> podSpec = map(map(map(documents("statefulset.yaml").get(0), "spec"), "template"), "spec");
    Map<String, Object> secretsVolume = list(podSpec, "volumes").stream()
        .filter(v -> mounts.get(config.getString("meterflow.secrets-dir")).equals(v.get("name"))).findFirst().orElseThrow();
    assertThat(list(map(secretsVolume, "secret"), "items")).as("the Secret lays out the files the nodes read")
        .extracting(item -> item.get("path")).containsExactlyInAnyOrder(
            "pki/" + org.meterflow.pki.CertificateAuthority.CA_CERT_FILE,
            "pki/" + org.meterflow.pki.CertificateAuthority.CA_KEY_FILE,
            org.meterflow.app.security.AdminToken.FILE);

    for (Map<String, Object> service : documents("services.yaml")) {
      for (Map<String, Object> port : list(map(service, "spec"), "ports")) {
        assertThat(ports).as("Service " + name(service) + " targets a container port")
            .containsEntry((String) port.get("targetPort"), (Integer) port.get("port"));
      }
    }
  }

  @Test
  void kubernetesProbesAskTheApisHealthRoutes() throws IOException {
    Map<String, Object> container = container();
    assertThat(probe(container, "readinessProbe")).isEqualTo(health().ready() + " on http");
    assertThat(probe(container, "livenessProbe")).isEqualTo(health().live() + " on http");
    assertThat(probe(container, "startupProbe")).isEqualTo(health().live() + " on http");
  }

  @Test
  void kubernetesBootstrapFindsThesePodsWithItsRbacAndKeepsAMajority() throws IOException {
    Map<String, Object> statefulSet = documents("statefulset.yaml").get(0);
    Map<String, Object> spec = map(statefulSet, "spec");
    Map<String, Object> podSpec = map(map(spec, "template"), "spec");
    Config config = loadWith(kubernetesEnv(container()));
    assertThat(config.getString("meterflow.cluster.bootstrap")).isEqualTo("kubernetes");
    String discovery = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertThat(config.getString(discovery + "discovery-method")).isEqualTo("kubernetes-api");

    Map<String, Object> headless = documents("services.yaml").stream()
        .filter(s -> "None".equals(map(s, "spec").get("clusterIP"))).findFirst().orElseThrow();
    assertThat(spec.get("serviceName")).isEqualTo(name(headless)).isEqualTo(config.getString(discovery + "service-name"));
    String[] selector = String.format(config.getString("pekko.discovery.kubernetes-api.pod-label-selector"),
        config.getString(discovery + "service-name")).split("=");
    assertThat(map(map(map(spec, "template"), "metadata"), "labels")).as("pods carry the discovery's label")
        .containsEntry(selector[0], selector[1]);
    int replicas = (Integer) spec.get("replicas");
    int required = config.getInt(discovery + "required-contact-point-nr");
    assertThat(replicas).isEqualTo(3).isGreaterThanOrEqualTo(required);
    assertThat(required).as("two lone pods must not form two clusters").isGreaterThan(1);
    assertThat(spec.get("podManagementPolicy")).as("pods must start together to find " + required).isEqualTo("Parallel");

    Map<String, Map<String, Object>> rbac = documents("rbac.yaml").stream()
        .collect(Collectors.toMap(d -> (String) d.get("kind"), d -> d));
    assertThat(podSpec.get("serviceAccountName")).isEqualTo(name(rbac.get("ServiceAccount")));
    Map<String, Object> rule = list(rbac.get("Role"), "rules").get(0);
    assertThat(rule.get("resources")).isEqualTo(List.of("pods"));
    assertThat(rule.get("verbs")).asList().containsExactlyInAnyOrder("get", "watch", "list");
    Map<String, Object> binding = rbac.get("RoleBinding");
    assertThat(map(binding, "roleRef").get("name")).isEqualTo(name(rbac.get("Role")));
    assertThat(list(binding, "subjects").get(0)).containsEntry("kind", "ServiceAccount")
        .containsEntry("name", name(rbac.get("ServiceAccount")));

    Map<String, Object> pdb = map(documents("pdb.yaml").get(0), "spec");
    assertThat(pdb.get("maxUnavailable")).isEqualTo(1);
    assertThat(map(map(pdb, "selector"), "matchLabels")).isEqualTo(map(map(map(spec, "template"), "metadata"), "labels"));
  }

  // ---- HAProxy ------------------------------------------------------------------------------------

  @Test
  void haproxyPassesMqttTlsThroughToLeastLoadedNodesAndChecksReadiness() throws IOException {
    HaproxyCfg cfg = HaproxyCfg.read();
    Config defaults = MeterflowConfig.load(Map.of());
    assertThat(cfg.section("frontend mqtt_tls")).contains("mode tcp").noneMatch(l -> l.contains(" ssl"));
    assertThat(cfg.section("backend mqtt_nodes")).contains("mode tcp", "balance leastconn")
        .noneMatch(l -> l.contains(" ssl"));
    assertThat(cfg.timeout("frontend mqtt_tls", "client")).isGreaterThanOrEqualTo(Duration.ofHours(1));
    assertThat(cfg.timeout("backend mqtt_nodes", "server")).isGreaterThanOrEqualTo(Duration.ofHours(1));
    assertThat(cfg.timeout("backend http_nodes", "tunnel")).as("WebSockets live long").isGreaterThanOrEqualTo(Duration.ofMinutes(10));
    assertThat(cfg.section("backend http_nodes")).as("HAProxy checks each node on " + health().ready())
        .contains("option httpchk")
        .anyMatch(l -> l.startsWith("http-check send meth GET uri " + health().ready() + " "));
    for (int n = 1; n <= 3; n++) {
      assertThat(cfg.serverLine("mqtt_nodes", "n" + n)).contains("track http_nodes/n" + n);
      assertThat(cfg.serverLine("http_nodes", "n" + n)).contains(" check");
    }
    // Meters and users dial the configured default ports; the stats page stays on loopback.
    assertThat(cfg.defaults().get(cfg.bindVariable("frontend mqtt_tls"))).endsWith(":" + defaults.getInt("meterflow.mqtt.port"));
    assertThat(cfg.defaults().get(cfg.bindVariable("frontend http"))).endsWith(":" + defaults.getInt("meterflow.http.port"));
    assertThat(cfg.defaults().get(cfg.bindVariable("listen stats"))).startsWith("127.0.0.1:");
  }

  // ---- the configuration --------------------------------------------------------------------------

  private static final String PLACEHOLDER_POD_IP = "10.1.2.3";

  private record Health(String live, String ready) {}

  /** The public liveness and readiness routes, from the API's OpenAPI document (checked against the routes). */
  @SuppressWarnings("unchecked")
  private static Health health() {
    Map<String, Object> paths = map(loadYaml(new String(OpenApiDocument.yaml(), StandardCharsets.UTF_8)).get(0), "paths");
    Map<String, String> byOperation = new TreeMap<>();
    paths.forEach((path, item) -> {
      Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) item).get("get");
      if (get != null && List.of().equals(get.get("security"))) {
        byOperation.put((String) get.get("operationId"), path);
      }
    });
    return new Health(byOperation.get("liveness"), byOperation.get("readiness"));
  }

  /** The configuration as a node with this environment loads it (METERFLOW_* keys and -D system properties). */
  private static Config loadWith(Map<String, String> env) {
    Map<String, Object> keys = new LinkedHashMap<>(env);
    Matcher property = JVM_PROPERTY.matcher(env.getOrDefault("JAVA_TOOL_OPTIONS", ""));
    while (property.find()) {
      keys.put(property.group(1), property.group(2));
    }
    keys.remove("JAVA_TOOL_OPTIONS");
    return MeterflowConfig.load(keys);
  }

  /**
   * Every METERFLOW_* key changes the configuration when set (an unknown or misspelt key changes
   * nothing), and every -D key of JAVA_TOOL_OPTIONS names a configured path.
   */
  private static void assertKnownKeys(String where, Map<String, String> env) {
    Set<String> unknown = new TreeSet<>();
    for (String key : env.keySet()) {
      if (key.startsWith("METERFLOW_") && !READS.computeIfAbsent(key, DeployFilesTest::configurationReads)) {
        unknown.add(key);
      }
    }
    Config without = UNRESOLVED.resolve(NO_ENV);
    Matcher property = JVM_PROPERTY.matcher(env.getOrDefault("JAVA_TOOL_OPTIONS", ""));
    while (property.find()) {
      String path = property.group(1).replaceAll("\\.\\d+$", "");
      if ((path.startsWith("meterflow.") || path.startsWith("pekko.")) && !without.hasPath(path)) {
        unknown.add("-D" + property.group(1));
      }
    }
    assertThat(unknown).as(where + ": keys no configuration file reads").isEmpty();
  }

  private static final Config UNRESOLVED =
      ConfigFactory.parseResources("application.conf").withFallback(ConfigFactory.defaultReference());
  private static final ConfigResolveOptions NO_ENV = ConfigResolveOptions.defaults().setUseSystemEnvironment(false);
  private static final Map<String, Boolean> READS = new java.util.concurrent.ConcurrentHashMap<>();

  /** Whether setting the environment key changes any value of the configuration. */
  private static boolean configurationReads(String key) {
    Config with = ConfigFactory.parseMap(Map.of(key, "probe-" + key)).withFallback(UNRESOLVED).resolve(NO_ENV);
    return !with.withoutPath(key).root().equals(UNRESOLVED.resolve(NO_ENV).root());
  }

  // ---- Kubernetes files ---------------------------------------------------------------------------

  private static List<Map<String, Object>> documents(String file) {
    return loadYaml(DEPLOY.resolve("k8s").resolve(file));
  }

  private static Map<String, Object> container() {
    Map<String, Object> podSpec = map(map(map(documents("statefulset.yaml").get(0), "spec"), "template"), "spec");
    return list(podSpec, "containers").get(0);
  }

  /** ConfigMap data plus the container's own env (downward API and Secret values as placeholders). */
  private static Map<String, String> kubernetesEnv(Map<String, Object> container) {
    Map<String, Object> configMap = documents("configmap.yaml").get(0);
    String referenced = (String) map(list(container, "envFrom").get(0), "configMapRef").get("name");
    assertThat(referenced).isEqualTo(name(configMap));
    Map<String, String> env = new TreeMap<>(strings(map(configMap, "data")));
    for (Map<String, Object> var : list(container, "env")) {
      Object value = var.get("value");
      if (value == null) {
        Map<String, Object> from = map(var, "valueFrom");
        value = from.containsKey("fieldRef") && "status.podIP".equals(map(from, "fieldRef").get("fieldPath"))
            ? PLACEHOLDER_POD_IP : "from-" + from.keySet().iterator().next();
      }
      env.put((String) var.get("name"), String.valueOf(value));
    }
    return env;
  }

  private static String probe(Map<String, Object> container, String probe) {
    Map<String, Object> get = map(map(container, probe), "httpGet");
    return get.get("path") + " on " + get.get("port");
  }

  private static String name(Map<String, Object> resource) {
    return (String) map(resource, "metadata").get("name");
  }

  // ---- YAML ---------------------------------------------------------------------------------------

  private static List<Map<String, Object>> loadYaml(Path file) {
    try {
      return loadYaml(Files.readString(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** SnakeYAML (anchors and merge keys resolved); every document a mapping. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> loadYaml(String text) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
      if (document != null) {
        documents.add((Map<String, Object>) document);
      }
    }
    return documents;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(List.class);
    return (List<Map<String, Object>>) value;
  }

  private static Map<String, String> strings(Map<String, Object> map) {
    Map<String, String> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  // ---- haproxy.cfg --------------------------------------------------------------------------------

  /** haproxy.cfg as sections of trimmed, comment-free lines. */
  private record HaproxyCfg(Map<String, List<String>> sections) {

    static HaproxyCfg read() throws IOException {
      Map<String, List<String>> sections = new LinkedHashMap<>();
      List<String> current = null;
      for (String raw : Files.readAllLines(DEPLOY.resolve("haproxy/haproxy.cfg"))) {
        String line = raw.replaceAll("#.*$", "").strip();
        if (line.isEmpty()) {
          continue;
        }
        if (!Character.isWhitespace(raw.charAt(0))) {
          current = new ArrayList<>();
          sections.put(line, current);
        } else if (current != null) {
          current.add(line.replaceAll("\\s+", " "));
        }
      }
      return new HaproxyCfg(sections);
    }

    List<String> section(String name) {
      assertThat(sections).containsKey(name);
      return sections.get(name);
    }

    /** presetenv defaults from the global section. */
    Map<String, String> defaults() {
      return section("global").stream().filter(l -> l.startsWith("presetenv "))
          .map(l -> l.split(" ")).collect(Collectors.toMap(p -> p[1], p -> p[2]));
    }

    /** Every ${MF_…} the file uses outside its presetenv lines. */
    Set<String> variables() {
      Set<String> used = new TreeSet<>();
      sections.values().forEach(lines -> lines.stream().filter(l -> !l.startsWith("presetenv ")).forEach(l -> {
        Matcher m = HAPROXY_VAR.matcher(l);
        while (m.find()) {
          used.add(m.group(1));
        }
      }));
      return used;
    }

    String serverLine(String backend, String server) {
      return section("backend " + backend).stream().filter(l -> l.startsWith("server " + server + " "))
          .findFirst().orElseThrow(() -> new AssertionError("no server " + server + " in " + backend));
    }

    String serverVariable(String backend, String server) {
      Matcher m = HAPROXY_VAR.matcher(serverLine(backend, server).split(" ")[2]);
      assertThat(m.find()).as(backend + "/" + server + " address from the environment").isTrue();
      return m.group(1);
    }

    String bindVariable(String section) {
      String bind = section(section).stream().filter(l -> l.startsWith("bind ")).findFirst().orElseThrow();
      Matcher m = HAPROXY_VAR.matcher(bind);
      assertThat(m.find()).as(section + " binds an address from the environment").isTrue();
      return m.group(1);
    }

    Duration timeout(String section, String which) {
      String value = section(section).stream().filter(l -> l.startsWith("timeout " + which + " "))
          .map(l -> l.split(" ")[2]).findFirst().orElseThrow(() -> new AssertionError("no timeout " + which));
      Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(value);
      assertThat(m.matches()).as(value).isTrue();
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2) == null ? "ms" : m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
  }
}
