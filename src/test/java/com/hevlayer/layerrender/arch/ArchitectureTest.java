package com.hevlayer.layerrender.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The layering and the purity of the core as failing tests (issue 13, item 5); the rules are in
 * {@link Architecture}. {@link Main} checks them on the main code; {@link Fixture} checks each against
 * {@code arch.fixture}, a small set of test classes that break them in known places, so a rule that could
 * never fail (a typo in a package name, a predicate that matches nothing) fails here.
 */
class ArchitectureTest {

    static final String ROOT = "com.hevlayer.layerrender";
    static final String FIXTURE = ROOT + ".arch.fixture";

    @Nested
    class Main {
        static final JavaClasses MAIN = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);

        @Test
        void packagesDependOnlyOnTheLayersBelowThem() {
            Architecture.layering(ROOT).check(MAIN);
        }

        @Test
        void everyPackageHasAPlaceInTheLayering() {
            Architecture.everyClassInALayer(ROOT).check(MAIN);
        }

        @Test
        void theCoreDoesNoIoAndReadsNoEnvironmentClockOrRandomness() {
            Architecture.noIoInTheCore(ROOT).check(MAIN);
        }

        @Test
        void onlyTheSchemaReadersReadClasspathResources() {
            Architecture.classpathResourcesOnlyWhereBundledSchemasAreRead(ROOT).check(MAIN);
        }

        @Test
        void noStaticFieldIsNonFinal() {
            Architecture.noNonFinalStaticFields(ROOT).check(MAIN);
        }

        @Test
        void noStaticArrayOrMutableCollectionAnywhere() {
            Architecture.noMutableStaticValues(ROOT).check(MAIN);
        }

        @Test
        void theImportSawTheMainCode() {
            // a wrong root or a class path without target/classes would make every rule above vacuous
            assertFalse(MAIN.that(resideInAPackage(ROOT + ".engine")).isEmpty());
            assertFalse(MAIN.stream().anyMatch(c -> c.getPackageName().startsWith(FIXTURE)));
        }
    }

    @Nested
    class Fixture {
        static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE);

        @Test
        void layeringReportsEachForbiddenEdgeAndNoAllowedOne() {
            assertOffenders(
                    Architecture::layering,
                    "validate.UsesModel",
                    "settings.ImportsEngine",
                    "engine.ImportsOutput",
                    "diff.ImportsRender",
                    "krm.ImportsCli",
                    "reconcile.ImportsCli",
                    "cli.OtherCommand");
        }

        @Test
        void everyClassInALayerReportsAStrayPackage() {
            assertOffenders(Architecture::everyClassInALayer, "stray.Stray");
        }

        @Test
        void noIoReportsFilesEnvironmentPropertiesStreamsClockSleepRandomAndProcesses() {
            // not reported: output.WritesFile (output is an edge), cli.Commands (a front end reads the
            // environment), yaml.Clean (StringWriter and URI are values), the classpath readers (their own rule)
            assertOffenders(
                    Architecture::noIoInTheCore,
                    "yaml.ReadsFile",
                    "model.ReadsClock",
                    "settings.ReadsEnv",
                    "render.ReadsProperty",
                    "render.NanoTimeReference",
                    "engine.Sleeps",
                    "engine.UsesRandom",
                    "krm.PrintsStdout",
                    "krm.Execs");
        }

        @Test
        void classpathResourcesAreReportedOutsideTheSchemaReaders() {
            assertOffenders(Architecture::classpathResourcesOnlyWhereBundledSchemasAreRead, "yaml.ReadsResource");
        }

        @Test
        void nonFinalStaticFieldsAreReported() {
            assertOffenders(Architecture::noNonFinalStaticFields, "model.MutableStatic", "reconcile.Log");
            EvaluationResult r = Architecture.noNonFinalStaticFields(FIXTURE).evaluate(FIXTURES);
            // model.MutableStatic's field and all three of reconcile.Log's: there is no listed exception
            assertEquals(
                    4,
                    r.getFailureReport().getDetails().size(),
                    String.join("\n", r.getFailureReport().getDetails()));
        }

        @Test
        void staticArraysAndMutableCollectionsAreReported() {
            assertOffenders(Architecture::noMutableStaticValues, "model.StaticArray");
            EvaluationResult r = Architecture.noMutableStaticValues(FIXTURE).evaluate(FIXTURES);
            assertEquals(
                    2,
                    r.getFailureReport().getDetails().size(),
                    String.join("\n", r.getFailureReport().getDetails()));
        }

        /** The rule fails on the fixture, and the classes it names are exactly {@code expected}. */
        private void assertOffenders(Function<String, ArchRule> rule, String... expected) {
            EvaluationResult result = rule.apply(FIXTURE).evaluate(FIXTURES);
            List<String> details = result.getFailureReport().getDetails();
            Set<String> offenders = new TreeSet<>();
            for (String d : details) {
                offenders.add(offender(d));
            }
            Set<String> want = new TreeSet<>();
            for (String e : expected) {
                want.add(FIXTURE + "." + e);
            }
            assertEquals(
                    want,
                    offenders,
                    "rule " + rule.apply(FIXTURE).getDescription() + " reported:\n" + String.join("\n", details));
        }

        /** The class a violation starts from: the first {@code <...>} of its line, cut to the class. */
        private String offender(String detail) {
            int open = detail.indexOf('<');
            String origin = detail.substring(open + 1, detail.indexOf('>', open));
            int paren = origin.indexOf('(');
            if (paren >= 0) { // a code unit: pkg.Class.method(args)
                origin = origin.substring(0, origin.lastIndexOf('.', paren));
            } else if (detail.startsWith("Field ")) {
                origin = origin.substring(0, origin.lastIndexOf('.'));
            }
            int nested = origin.indexOf('$');
            return nested >= 0 ? origin.substring(0, nested) : origin;
        }
    }
}
