package org.meterflow.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering the code follows, kept (docs/architecture.md): the domain imports no framework;
 * adapters never import actors, HTTP or the application; HTTP routes reach storage only through
 * ports; nothing imports the application. Beside the maven-enforcer rule that keeps {@code model}
 * free of dependencies, these also catch a wrong import between modules that share a classpath.
 */
class ArchitectureTest {

  private static final String[] ADAPTERS = {"org.meterflow.mqtt..", "org.meterflow.timeseries..",
      "org.meterflow.lake..", "org.meterflow.mysql..", "org.meterflow.migrations..", "org.meterflow.pki..", "db.migration.."};
  private static final String[] STORAGE = {"org.meterflow.timeseries..", "org.meterflow.lake..", "org.meterflow.mysql..",
      "org.meterflow.migrations..", "db.migration.."};

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    // the modules' main classes, from target/classes or their jars, whichever the build put on the classpath
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
        .importPackages("org.meterflow", "db.migration");
    // every module is in the import (a rule over classes that are not there could not fail)
    for (String module : new String[] {"org.meterflow.model.reading.ReadingValidator", "org.meterflow.mysql.SqlDatabase",
        "org.meterflow.timeseries.questdb.EmbeddedQuestDb", "org.meterflow.lake.Lake", "org.meterflow.mqtt.broker.EmbeddedBroker",
        "org.meterflow.actors.meter.MeterEntity", "org.meterflow.http.api.ApiRoutes", "org.meterflow.app.Platform",
        "org.meterflow.migrations.Migrations", "org.meterflow.pki.CertificateAuthority"}) {
      assertThat(main.contain(module)).as(module + " imported").isTrue();
    }
  }

  @Test
  void theDomainImportsNoFramework() {
    classes().that().resideInAPackage("org.meterflow.model..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.meterflow.model..")
        .check(main);
  }

  @Test
  void adaptersNeverImportActorsHttpOrTheApplication() {
    noClasses().that().resideInAnyPackage(ADAPTERS)
        .should().dependOnClassesThat().resideInAnyPackage("org.meterflow.actors..", "org.meterflow.http..",
            "org.meterflow.app..", "org.meterflow.simulator..", "org.meterflow.analytics..")
        .check(main);
  }

  @Test
  void httpRoutesReachStorageOnlyThroughPorts() {
    noClasses().that().resideInAPackage("org.meterflow.http..")
        .should().dependOnClassesThat().resideInAnyPackage(STORAGE)
        .check(main);
  }

  @Test
  void actorsReachStorageOnlyThroughPorts() {
    noClasses().that().resideInAPackage("org.meterflow.actors..")
        .should().dependOnClassesThat().resideInAnyPackage(STORAGE)
        .check(main);
  }

  @Test
  void nothingImportsTheApplication() {
    noClasses().that().resideOutsideOfPackage("org.meterflow.app..")
        .should().dependOnClassesThat().resideInAPackage("org.meterflow.app..")
        .check(main);
  }
}
