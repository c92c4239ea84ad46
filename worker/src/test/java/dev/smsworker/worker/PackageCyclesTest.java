package dev.smsworker.worker;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The worker's feature packages depend on each other in one direction only. A cycle (as
 * {@code consumer -> pipeline -> routing -> observability -> consumer} was, issue 14) means no package
 * can be read, tested or moved without the others; this fails the build on the first one.
 */
@AnalyzeClasses(packages = "dev.smsworker.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles =
            slices().matching("dev.smsworker.worker.(*)..").should().beFreeOfCycles();
}
