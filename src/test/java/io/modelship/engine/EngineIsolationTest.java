package io.modelship.engine;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class EngineIsolationTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.modelship");

  @Test
  void shouldImportNothingFromThePipelinesPackages() {
    noClasses()
        .that()
        .resideInAPackage("io.modelship.engine..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.modelship..")
                .and(resideOutsideOfPackage("io.modelship.engine.."))
                .as("Modelship classes outside the engine"))
        .because("the engine must be liftable out of Modelship")
        .check(classes);
  }
}
