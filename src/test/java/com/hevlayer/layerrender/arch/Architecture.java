package com.hevlayer.layerrender.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Owns the architecture rules of layer-render: which package may depend on which, that the core does no
 * I/O and reads no environment, clock or randomness, where classpath resources may be read, and that main
 * code holds no static mutable state. Each rule is built over a root package, so that {@link ArchitectureTest}
 * checks it against the real code ({@code com.hevlayer.layerrender}) and against a fixture that breaks it
 * ({@code ...arch.fixture}), which proves that the rule can fail.
 */
final class Architecture {

    /** The packages, bottom up. */
    static final List<String> LAYERS = List.of(
            "util",
            "schema",
            "yaml",
            "validate",
            "model",
            "settings",
            "render",
            "engine",
            "output",
            "diff",
            "crd",
            "krm",
            "reconcile",
            "cli");

    /** Not there yet on every branch (issue 13, items 1 and 2 create them); optional so the rule holds before and after. */
    static final Set<String> OPTIONAL = Set.of("settings", "krm");

    /** Which layer may depend on which: everything not listed is forbidden. */
    static final Map<String, List<String>> MAY_ACCESS = Map.ofEntries(
            Map.entry("util", List.of()),
            Map.entry("schema", List.of("util")),
            Map.entry("yaml", List.of("util")),
            Map.entry("validate", List.of("util", "schema", "yaml")),
            Map.entry("model", List.of("util", "schema", "yaml", "validate")),
            Map.entry("settings", List.of("util", "schema", "yaml", "validate", "model")),
            Map.entry("render", List.of("util", "schema", "yaml", "validate", "model", "settings")),
            Map.entry("engine", List.of("util", "schema", "yaml", "validate", "model", "settings", "render")),
            Map.entry("output", List.of("util", "schema", "yaml", "validate", "model", "render")),
            // diff: a pure comparison of two renders' trees (Jackson, and yaml's FieldPath for the one field-path
            // notation), below the front ends
            Map.entry("diff", List.of("yaml")),
            Map.entry("crd", List.of("util", "schema", "yaml", "validate")),
            // krm: a pure ResourceList function over the engine, used by the CLI's adapter
            Map.entry(
                    "krm",
                    List.of("util", "schema", "yaml", "validate", "model", "settings", "render", "engine", "output")),
            // the front ends: neither imports the other (but see CLI_LAUNCHES_RECONCILER)
            Map.entry(
                    "reconcile",
                    List.of("util", "schema", "yaml", "validate", "model", "settings", "render", "engine", "output")),
            Map.entry(
                    "cli",
                    List.of(
                            "util",
                            "schema",
                            "yaml",
                            "validate",
                            "model",
                            "settings",
                            "render",
                            "engine",
                            "output",
                            "diff",
                            "crd",
                            "krm")));

    /**
     * The one known edge between the front ends, kept visible here rather than hidden: the CLI's
     * {@code reconcile} subcommand ({@code cli.ReconcileCommand}) starts the reconciler (ReconcilerApp, its
     * Options, OpsServer, ReconcilerMetrics, Log). Nothing else in {@code cli} may touch {@code reconcile}.
     */
    static final String CLI_LAUNCHES_RECONCILER = "cli.ReconcileCommand";

    /** No I/O, environment, clock or randomness: the core, whose output depends on its arguments alone. */
    static final List<String> PURE =
            List.of("util", "schema", "yaml", "validate", "model", "settings", "render", "engine", "diff", "krm");

    /** The only classes that read classpath resources (the bundled JSON Schemas), each for its schema. */
    static final List<String> RESOURCE_READERS = List.of("schema.Schemas", "validate.DeploymentSchema");

    private Architecture() {}

    static ArchRule layering(String root) {
        var arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            arch = OPTIONAL.contains(layer)
                    ? arch.optionalLayer(layer).definedBy(root + "." + layer + "..")
                    : arch.layer(layer).definedBy(root + "." + layer + "..");
        }
        for (String layer : LAYERS) {
            List<String> allowed = MAY_ACCESS.get(layer);
            arch = allowed.isEmpty()
                    ? arch.whereLayer(layer).mayNotAccessAnyLayer()
                    : arch.whereLayer(layer).mayOnlyAccessLayers(allowed.toArray(String[]::new));
        }
        String launcher = root + "." + CLI_LAUNCHES_RECONCILER;
        return arch.ignoreDependency(
                describe(
                        launcher,
                        (JavaClass c) ->
                                c.getName().equals(launcher) || c.getName().startsWith(launcher + "$")),
                resideInAPackage(root + ".reconcile.."));
    }

    /** Every class lives in one of the layers: a new package has to be given its place in {@link #MAY_ACCESS}. */
    static ArchRule everyClassInALayer(String root) {
        return classes()
                .should()
                .resideInAnyPackage(packages(root, LAYERS))
                .because("a package outside the layering would escape its rules");
    }

    static ArchRule noIoInTheCore(String root) {
        return noClasses()
                .that()
                .resideInAnyPackage(packages(root, PURE))
                .should()
                .dependOnClassesThat(IO_TYPES)
                .orShould()
                .accessTargetWhere(FORBIDDEN_MEMBERS)
                .because("render, engine, validate and yaml (and the model, settings and krm) are pure:"
                        + " their results depend on their arguments alone");
    }

    static ArchRule classpathResourcesOnlyWhereBundledSchemasAreRead(String root) {
        Set<String> readers =
                Set.copyOf(RESOURCE_READERS.stream().map(r -> root + "." + r).toList());
        return noClasses()
                .that()
                .resideInAnyPackage(packages(root, PURE))
                .and(describe("are not " + RESOURCE_READERS, (JavaClass c) -> !readers.contains(c.getName())))
                .should()
                .accessTargetWhere(RESOURCE_LOOKUP)
                .because("the bundled schemas are the one classpath input of the core");
    }

    /**
     * The exceptions to "no non-final static field", each with its reason: none (the reconciler's log is an
     * instance handed in by whoever starts it). A new entry needs a reason a reviewer accepts.
     */
    static final Map<String, String> NON_FINAL_STATICS = Map.of();

    static ArchRule noNonFinalStaticFields(String root) {
        Set<String> allowed = Set.copyOf(
                NON_FINAL_STATICS.keySet().stream().map(f -> root + "." + f).toList());
        return fields().that()
                .areStatic()
                .and()
                .areDeclaredInClassesThat()
                .resideInAPackage(root + "..")
                .and(describe(
                        "are not " + new TreeSet<>(NON_FINAL_STATICS.keySet()),
                        (JavaField f) -> !allowed.contains(f.getFullName())))
                .should()
                .beFinal()
                .because("no static mutable state (the house rules)");
    }

    static ArchRule noMutableStaticValues(String root) {
        return noFields()
                .that()
                .areStatic()
                .and()
                .doNotHaveModifier(JavaModifier.SYNTHETIC)
                .and()
                .areDeclaredInClassesThat()
                .resideInAPackage(root + "..")
                .should(haveAMutableType())
                .because("a static final array or collection builder is static mutable state all the same");
    }

    private static String[] packages(String root, List<String> layers) {
        return layers.stream().map(l -> root + "." + l + "..").toArray(String[]::new);
    }

    private static final Set<String> IO_TYPE_NAMES = Set.of(
            "java.io.File",
            "java.io.FileInputStream",
            "java.io.FileOutputStream",
            "java.io.FileReader",
            "java.io.FileWriter",
            "java.io.RandomAccessFile",
            "java.io.FileDescriptor",
            "java.io.Console",
            "java.lang.ProcessBuilder",
            "java.lang.Process",
            "java.lang.ProcessHandle",
            "java.lang.Runtime",
            "java.time.Clock",
            "java.time.InstantSource",
            "java.util.Random",
            "java.util.SplittableRandom",
            "java.util.concurrent.ThreadLocalRandom",
            "java.security.SecureRandom");

    /** java.net is forbidden but for its two value types. */
    private static final Set<String> NET_VALUES = Set.of("java.net.URI", "java.net.URISyntaxException");

    private static final DescribedPredicate<JavaClass> IO_TYPES = describe(
            "do I/O or read the clock or randomness (java.io files, java.nio.file, java.nio.channels, java.net,"
                    + " processes, Clock, Random)",
            c -> {
                String n = c.getName();
                String p = c.getPackageName();
                return IO_TYPE_NAMES.contains(n)
                        || p.equals("java.nio.file")
                        || p.startsWith("java.nio.file.")
                        || p.equals("java.nio.channels")
                        || p.startsWith("java.nio.channels.")
                        || ((p.equals("java.net") || p.startsWith("java.net.")) && !NET_VALUES.contains(n))
                        || p.startsWith("com.sun.net.httpserver");
            });

    private static final Map<String, Set<String>> FORBIDDEN_CALLS = Map.of(
            "java.lang.System",
                    Set.of(
                            "getenv",
                            "getProperty",
                            "getProperties",
                            "setProperty",
                            "clearProperty",
                            "setProperties",
                            "currentTimeMillis",
                            "nanoTime",
                            "exit",
                            "console",
                            "lineSeparator",
                            "in",
                            "out",
                            "err",
                            "setIn",
                            "setOut",
                            "setErr",
                            "inheritedChannel"),
            "java.lang.Integer", Set.of("getInteger"),
            "java.lang.Long", Set.of("getLong"),
            "java.lang.Boolean", Set.of("getBoolean"),
            "java.lang.Thread", Set.of("sleep"),
            "java.lang.Math", Set.of("random"),
            "java.lang.StrictMath", Set.of("random"),
            "java.util.UUID", Set.of("randomUUID"));

    private static final DescribedPredicate<JavaAccess<?>> FORBIDDEN_MEMBERS = describe(
            "the target reads the environment, system properties, standard streams, the clock or randomness"
                    + " (System.getenv/getProperty/in/out/err/currentTimeMillis/nanoTime, Thread.sleep,"
                    + " java.time's now(), Math.random, UUID.randomUUID)",
            a -> {
                AccessTarget t = a.getTarget();
                String owner = t.getOwner().getName();
                if (t.getOwner().getPackageName().equals("java.time")
                        && t.getName().equals("now")) {
                    return true;
                }
                return FORBIDDEN_CALLS.getOrDefault(owner, Set.of()).contains(t.getName());
            });

    private static final DescribedPredicate<JavaAccess<?>> RESOURCE_LOOKUP =
            describe("the target reads a classpath resource (Class/ClassLoader getResource*)", a -> {
                AccessTarget t = a.getTarget();
                String owner = t.getOwner().getName();
                return (owner.equals("java.lang.Class")
                                || owner.equals("java.lang.ClassLoader")
                                || owner.equals("java.lang.Module"))
                        && (t.getName().startsWith("getResource") || t.getName().startsWith("getSystemResource"));
            });

    private static final Set<String> MUTABLE_TYPES = Set.of(
            "java.util.ArrayList",
            "java.util.LinkedList",
            "java.util.ArrayDeque",
            "java.util.HashMap",
            "java.util.LinkedHashMap",
            "java.util.TreeMap",
            "java.util.HashSet",
            "java.util.LinkedHashSet",
            "java.util.TreeSet",
            "java.util.EnumMap",
            "java.util.IdentityHashMap",
            "java.util.WeakHashMap",
            "java.util.concurrent.ConcurrentHashMap",
            "java.lang.StringBuilder",
            "java.lang.StringBuffer");

    private static ArchCondition<JavaField> haveAMutableType() {
        DescribedPredicate<JavaField> mutable =
                describe("an array, an atomic or a mutable collection/builder type", f -> {
                    JavaClass t = f.getRawType();
                    return t.isArray()
                            || MUTABLE_TYPES.contains(t.getName())
                            || t.getPackageName().equals("java.util.concurrent.atomic");
                });
        return ArchConditions.have(mutable);
    }
}
