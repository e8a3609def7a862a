package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every billing test class (one that shares {@link BillingFixture}) also runs on InfluxDB: it has a
 * subclass named {@code …OnInfluxDbIT} and marked {@link OnInfluxDb}, which the integration profile runs.
 */
class BillingTestsAllRunOnInfluxDbTest {

  @Test
  void everyBillingTestClassHasAnOnInfluxDbTwin() throws Exception {
    List<Class<?>> classes = testClassesOfThisPackage();
    List<Class<?>> billingTests = classes.stream()
        .filter(c -> !c.isAnnotationPresent(OnInfluxDb.class) && c.getSimpleName().endsWith("Test") && usesBillingFixture(c))
        .toList();
    assertThat(billingTests).extracting(Class::getSimpleName).contains("BillingFromLondonDataTest", "BillingTimeOfDayTest",
        "BillingRevisionsAndRerunsTest", "BillingAccessControlTest", "BillingPdfTest");
    for (Class<?> test : billingTests) {
      assertThat(classes).as("the InfluxDB twin of %s", test.getSimpleName())
          .anySatisfy(twin -> {
            assertThat(twin.getSuperclass()).isEqualTo(test);
            assertThat(twin.getSimpleName()).endsWith("OnInfluxDbIT");
            assertThat(twin.isAnnotationPresent(OnInfluxDb.class)).isTrue();
          });
    }
  }

  private static boolean usesBillingFixture(Class<?> c) {
    for (Field field : c.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == BillingFixture.class) {
        return true;
      }
    }
    return false;
  }

  /** The top-level classes compiled next to this one (target/test-classes/org/meterflow/app). */
  private static List<Class<?>> testClassesOfThisPackage() throws Exception {
    Path root = Path.of(BillingTestsAllRunOnInfluxDbTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String pkg = BillingTestsAllRunOnInfluxDbTest.class.getPackageName();
    try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.contains("$")).sorted().toList();
      List<Class<?>> out = new java.util.ArrayList<>();
      for (String n : names) {
        out.add(Class.forName(pkg + "." + n.substring(0, n.length() - ".class".length()), false,
            BillingTestsAllRunOnInfluxDbTest.class.getClassLoader()));
      }
      return out;
    }
  }
}
