package dev.pacer.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure rules of ARCHITECTURE.md ("Rules the build enforces"), checked on the main classes
 * of every module (this module sees them all). A rule that fails names each offending dependency
 * with its class and line.
 */
class ArchitectureTest {

  static JavaClasses main;

  @BeforeAll
  static void importMain() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pacer");
    // the rules below are only as good as what they see: every module's main classes
    for (String module : Rules.MODULE_PACKAGES) {
      assertThat(main.stream().filter(c -> c.getPackageName().startsWith(module)))
          .as("main classes of %s imported", module)
          .isNotEmpty();
    }
  }

  @Test
  void purePackagesImportNoIoLibrary() {
    Rules.purePackagesImportNoIo().check(main);
  }

  @Test
  void daemonsNeverImportEachOther() {
    Rules.daemonsAreIndependent().check(main);
  }

  @Test
  void theDeployToolUsesOnlyTheDaemonsPureParts() {
    Rules.deployUsesPureParts().check(main);
  }

  @Test
  void commonKnowsNoDaemon() {
    Rules.commonKnowsNoDaemon().check(main);
  }

  @Test
  void mainCodeNeverImportsTestkitButTheDemo() {
    Rules.noTestkitInMain().check(main);
  }

  @Test
  void adaptersAreBuiltOnlyInCompositionRoots() {
    Rules.adaptersOnlyInCompositionRoots().check(main);
  }

  /** Every main package says what it is for and what it may not import, in its package-info. */
  @Test
  void everyMainPackageHasAPackageInfo() throws java.io.IOException {
    java.nio.file.Path root = java.nio.file.Path.of("..").toAbsolutePath().normalize();
    List<java.nio.file.Path> sources;
    try (var modules = java.nio.file.Files.list(root)) {
      sources =
          modules
              .map(m -> m.resolve("src/main/java"))
              .filter(java.nio.file.Files::isDirectory)
              .toList();
    }
    assertThat(sources).hasSizeGreaterThanOrEqualTo(7);
    List<String> missing = new java.util.ArrayList<>();
    for (java.nio.file.Path src : sources) {
      try (var dirs = java.nio.file.Files.walk(src)) {
        dirs.filter(java.nio.file.Files::isDirectory)
            .filter(ArchitectureTest::holdsJava)
            .filter(d -> !java.nio.file.Files.exists(d.resolve("package-info.java")))
            .forEach(d -> missing.add(root.relativize(d).toString()));
      }
    }
    assertThat(missing).as("packages without a package-info.java").isEmpty();
  }

  private static boolean holdsJava(java.nio.file.Path dir) {
    try (var files = java.nio.file.Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The rules catch what they are for: each fails on a class written to break it. */
  @Test
  void eachRuleFailsOnAClassThatBreaksIt() {
    JavaClasses wrong =
        new ClassFileImporter()
            .importClasses(
                dev.pacer.autoscaler.plan.ArchitectureProbe.class, io.vertx.core.Vertx.class);
    EvaluationResult r = Rules.purePackagesImportNoIo().evaluate(wrong);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString())
        .contains("ArchitectureProbe", "io.vertx.core.Vertx");
  }

  /** The rules, shared with the scratch check the closing note shows. */
  static final class Rules {
    static final List<String> MODULE_PACKAGES =
        List.of(
            "dev.pacer.common",
            "dev.pacer.autodeployer",
            "dev.pacer.autoscaler",
            "dev.pacer.agentscaler",
            "dev.pacer.slacknotifier",
            "dev.pacer.collector",
            "dev.pacer.deploy",
            "dev.pacer.launcher");

    static final List<String> PURE_PACKAGES =
        List.of(
            "dev.pacer.autodeployer.plan..",
            "dev.pacer.autodeployer.policy..",
            "dev.pacer.autoscaler.plan..",
            "dev.pacer.autoscaler.policy..",
            "dev.pacer.autoscaler.backtest", // not .run, which reads Graphite
            "dev.pacer.agentscaler.plan..",
            "dev.pacer.slacknotifier.plan..",
            "dev.pacer.slacknotifier.format..",
            "dev.pacer.slacknotifier.routing..",
            "dev.pacer.collector.plan..",
            "dev.pacer.deploy.config..",
            "dev.pacer.deploy.plan..",
            "dev.pacer.deploy.watch..",
            "dev.pacer.common.retry..",
            "dev.pacer.common.events.types..");

    static final String[] IO_LIBRARIES = {
      "io.vertx..",
      "io.netty..",
      "okhttp3..",
      "org.apache.kafka..",
      "org.apache.curator..",
      "org.apache.zookeeper..",
      "com.slack..",
      "software.amazon.."
    };

    static ArchRule purePackagesImportNoIo() {
      return noClasses()
          .that()
          .resideInAnyPackage(PURE_PACKAGES.toArray(String[]::new))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(IO_LIBRARIES)
          .because("a decision is a value computed without IO (ARCHITECTURE.md, daemon shape)");
    }

    static ArchRule daemonsAreIndependent() {
      return slices()
          .matching("dev.pacer.(autodeployer|autoscaler|agentscaler|slacknotifier|collector)..")
          .should()
          .notDependOnEachOther()
          .because("daemons talk through events on the backbone only");
    }

    /**
     * {@code pacer deploy} checks labels with the daemons' own parsers and shows the notifier's
     * diff, and checks images with the autodeployer's registry client; nothing else of a daemon.
     */
    static ArchRule deployUsesPureParts() {
      return noClasses()
          .that()
          .resideInAPackage("dev.pacer.deploy..")
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "a daemon's class outside its policy, format and ingest parts and its registry"
                      + " client",
                  (JavaClass c) ->
                      c.getPackageName()
                              .matches(
                                  "dev\\.pacer\\.(autodeployer|autoscaler|agentscaler|slacknotifier|collector)(\\..*)?")
                          && !c.getPackageName().matches(".*\\.(policy|format|ingest)(\\..*)?")
                          && !c.isEquivalentTo(dev.pacer.autodeployer.deploy.RegistryClient.class)))
          .because("the deploy tool is a client of the same rules, not of the daemons' runtime");
    }

    static ArchRule commonKnowsNoDaemon() {
      return noClasses()
          .that()
          .resideInAPackage("dev.pacer.common..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.pacer.autodeployer..",
              "dev.pacer.autoscaler..",
              "dev.pacer.agentscaler..",
              "dev.pacer.slacknotifier..",
              "dev.pacer.collector..",
              "dev.pacer.deploy..",
              "dev.pacer.launcher..",
              "dev.pacer.testkit..",
              "dev.pacer.testsupport..")
          .because("common is what every daemon shares; it knows none of them");
    }

    static ArchRule noTestkitInMain() {
      return noClasses()
          .that()
          .resideInAnyPackage(
              "dev.pacer.common..",
              "dev.pacer.autodeployer..",
              "dev.pacer.autoscaler..",
              "dev.pacer.agentscaler..",
              "dev.pacer.slacknotifier..",
              "dev.pacer.collector..",
              "dev.pacer.deploy..")
          .or(
              DescribedPredicate.describe(
                  "are launcher classes other than the demo's",
                  (JavaClass c) ->
                      c.getPackageName().equals("dev.pacer.launcher")
                          && !c.getSimpleName().startsWith("Demo")
                          && !c.getName().startsWith("dev.pacer.launcher.Demo")))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.pacer.testkit..", "dev.pacer.testsupport..")
          .because("the simulators are for tests and the demo (`pacer demo`) only");
    }

    /** The classes that reach another system. */
    static final DescribedPredicate<JavaClass> ADAPTER =
        DescribedPredicate.describe(
            "an adapter (Marathon, Graphite, the registry, Mesos, AWS, Slack)",
            c ->
                c.isAssignableTo(dev.pacer.common.marathon.MarathonClient.class)
                    || c.isAssignableTo(dev.pacer.autoscaler.metrics.MetricsSource.class)
                    || c.isAssignableTo(dev.pacer.slacknotifier.delivery.SlackSink.class)
                    || c.isEquivalentTo(dev.pacer.autodeployer.deploy.RegistryClient.class)
                    || c.isEquivalentTo(dev.pacer.common.mesos.MesosMaster.class)
                    || c.isEquivalentTo(dev.pacer.collector.read.AgentStatistics.class)
                    || c.isEquivalentTo(dev.pacer.collector.carbon.CarbonWriter.class)
                    || c.isEquivalentTo(dev.pacer.deploy.sandbox.SandboxLogs.class)
                    || c.isEquivalentTo(dev.pacer.agentscaler.cloud.AutoScalingGroups.class));

    static boolean compositionRoot(JavaClass c) {
      String n = c.getSimpleName();
      JavaClass top = c;
      while (top.getEnclosingClass().isPresent()) {
        top = top.getEnclosingClass().get();
      }
      String t = top.getSimpleName();
      return n.endsWith("Main")
          || t.endsWith("Main")
          || t.equals("PacerProcess")
          || t.equals("CoreProbes")
          || top.getPackageName().startsWith("dev.pacer.launcher")
          || top.getPackageName().startsWith("dev.pacer.testkit")
          // test-only scaffolding: it composes Pacers and their clients for tests
          || top.getPackageName().startsWith("dev.pacer.testsupport");
    }

    static ArchRule adaptersOnlyInCompositionRoots() {
      return classes()
          .should(
              new com.tngtech.archunit.lang.ArchCondition<JavaClass>(
                  "construct adapters only in a composition root (*Main, PacerProcess)") {
                @Override
                public void check(JavaClass c, com.tngtech.archunit.lang.ConditionEvents events) {
                  if (compositionRoot(c)) {
                    return;
                  }
                  for (JavaConstructorCall call : c.getConstructorCallsFromSelf()) {
                    JavaClass built = call.getTargetOwner();
                    if (ADAPTER.test(built) && !built.equals(c)) {
                      events.add(
                          com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                              call, call.getDescription()));
                    }
                  }
                }
              })
          .because(
              "an adapter is chosen once, where the process is composed, so a test can swap it");
    }
  }
}
