package com.hevlayer.layerrender.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.cli.InProcess;
import com.hevlayer.layerrender.model.BuiltinPools;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The same Pipelines render the same whether read from Git or from the cluster. For generated valid
 * Pipelines (vendor-valid and within layer-render's rules, {@link VendorGen}; a quarter of them
 * {@code pool: gpu} without {@code computeClass}, which the API server stores as {@code computeClass: cpu}),
 * and now and then the Helm InfraRules, {@code layer-render render - --namespace <kubectl's namespace>}
 * must print the same bytes with the same exit code for
 * <ol>
 *   <li>the applied form (the files {@code kubectl apply -f} was given), and</li>
 *   <li>the stored form ({@link ApiServer#storedForm}: what {@code kubectl get -o yaml} prints afterwards:
 *       defaults, a controller's status, managedFields, resourceVersion, uid, creationTimestamp, the
 *       last-applied annotation, keys sorted), one document each, and</li>
 *   <li>the stored form wrapped in a {@code v1 List} (what {@code kubectl get pipelines,infrarules -o yaml} prints).</li>
 * </ol>
 * The applied form must render (exit 0): the generator makes it valid. Failures are grouped: applied form
 * refused; stored form refused; both render but only the order of map keys differs; the objects differ.
 *
 * <p>{@code -Dproof.seed}, {@code -Dproof.cases} (default 1,000), {@code -Dproof.replay=<case seed>} as in
 * {@link VendorDifferentialTest}.
 */
class StoredFormPropertyTest {
    static final long SEED = Long.getLong("proof.seed", 20_261_125L);
    static final int CASES = Integer.getInteger("proof.cases", 1000);
    static final Long REPLAY = Long.getLong("proof.replay");
    static final List<String> CONTEXT_NAMESPACES = List.of("default", "layer", "hev-shop");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Case(long seed, String namespace, List<ObjectNode> applied, List<ObjectNode> stored, boolean json) {}

    /** How a case turned out: a category (null when it passed), a key to group similar ones by, and what shows it. */
    record Outcome(Case c, String variant, String category, String key, String detail) {
        Outcome(Case c, String variant, String category, String detail) {
            this(c, variant, category, shape(detail), detail);
        }
    }

    // ---- generation -----------------------------------------------------------------------------

    static Case generate(long seed) {
        Random r = new Random(seed);
        VendorGen g = new VendorGen(r);
        g.nullShare = 0.03;
        g.withinLayerRenderRules = true;
        String namespace = g.pick(CONTEXT_NAMESPACES);
        List<ObjectNode> applied = new ArrayList<>();
        if (g.p(0.3)) {
            applied.add(helmInfraRules(g));
        }
        int n = g.between(1, 3);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ObjectNode p = g.valid("Pipeline", false).doc();
            if (g.p(0.25)) {
                gpuPoolWithoutComputeClass(p);
            }
            JsonNode meta = p.get("metadata");
            String key = meta.path("namespace").asText(namespace) + "/"
                    + meta.path("name").asText();
            if (names.add(key)) {
                applied.add(p);
            }
        }
        List<ObjectNode> stored = new ArrayList<>();
        for (ObjectNode doc : applied) {
            String kind = doc.path("kind").asText();
            ApiServer.Meta meta = new ApiServer.Meta(
                    namespace,
                    new UUID(r.nextLong(), r.nextLong()).toString(),
                    Integer.toString(g.between(1000, 99_999_999)),
                    String.format(
                            "2026-%02d-%02dT%02d:%02d:%02dZ",
                            g.between(1, 12), g.between(1, 28), g.between(0, 23), g.between(0, 59), g.between(0, 59)),
                    g.p(0.7) ? operatorStatus(g, doc) : null,
                    "layer-operator");
            stored.add(ApiServer.vendor(kind).storedForm(doc, meta));
        }
        return new Case(seed, namespace, applied, stored, g.p(0.2));
    }

    /** The Helm chart's InfraRules (values of operator-infrarules.yaml): the built-in pools written out. */
    static ObjectNode helmInfraRules(VendorGen g) {
        ObjectNode d = VendorGen.F.objectNode();
        d.put("apiVersion", VendorCrds.API_VERSION).put("kind", "InfraRules");
        d.putObject("metadata").put("name", "default");
        ArrayNode pools = d.putObject("spec").putArray("computePools");
        for (Pool p : BuiltinPools.pools()) {
            ObjectNode o = pools.addObject().put("name", p.name()).put("kind", p.kind());
            ObjectNode sel = o.putObject("nodeSelector");
            p.nodeSelector().forEach(sel::put);
            ArrayNode tol = o.putArray("tolerations");
            p.tolerations().forEach(t -> tol.add(Json.MAPPER.valueToTree(t)));
            ObjectNode res = o.putObject("resources");
            ObjectNode requests = res.putObject("requests");
            p.requests().forEach((k, v) -> requests.put(k, v.toString()));
            ObjectNode limits = res.putObject("limits");
            p.limits().forEach((k, v) -> limits.put(k, v.toString()));
            o.put("maxReplicasPerWorkload", p.maxReplicasPerWorkload());
        }
        if (g.p(0.2)) {
            d.with("spec")
                    .putObject("documentCache")
                    .put("capGiB", 100)
                    .put("replicationFactor", 2)
                    .putObject("scaling")
                    .putObject("nodes")
                    .put("min", 1)
                    .put("max", 3);
        }
        return d;
    }

    /** hev/shop's embed Pipeline: {@code pool: gpu} and no computeClass; the API server adds {@code computeClass: cpu}. */
    static void gpuPoolWithoutComputeClass(ObjectNode pipeline) {
        ObjectNode spec = (ObjectNode) pipeline.get("spec");
        ((ObjectNode) spec.get("worker")).remove("computeClass");
        ObjectNode scaling = (ObjectNode) spec.get("scaling");
        scaling.put("pool", "gpu");
        int limit = BuiltinPools.pools().stream()
                .filter(p -> p.name().equals("gpu"))
                .findFirst()
                .orElseThrow()
                .maxReplicasPerWorkload();
        ObjectNode replicas = (ObjectNode) scaling.get("replicas");
        int max = Math.min(replicas.path("max").asInt(), limit);
        replicas.put("max", max);
        if (replicas.has("min")) {
            replicas.put("min", Math.min(replicas.path("min").asInt(), max));
        }
    }

    /** A status as the vendor's operator writes it (fields of the vendor CRD). */
    static JsonNode operatorStatus(VendorGen g, ObjectNode doc) {
        ObjectNode s = VendorGen.F.objectNode();
        s.putArray("conditions")
                .addObject()
                .put("type", "Ready")
                .put("status", "True")
                .put("reason", "Reconciled")
                .put("message", "")
                .put("lastTransitionTime", "2026-08-20T10:00:00Z");
        s.put("observedGeneration", 1);
        if (doc.path("kind").asText().equals("Pipeline")) {
            String name = doc.at("/metadata/name").asText() + "-worker";
            ArrayNode m = s.putArray("managedObjects");
            m.addObject().put("apiVersion", "apps/v1").put("kind", "Deployment").put("name", name);
            if (g.p(0.7)) {
                m.addObject()
                        .put("apiVersion", "keda.sh/v1alpha1")
                        .put("kind", "ScaledObject")
                        .put("name", name);
            }
        } else {
            s.put("poolCount", doc.at("/spec/computePools").size());
        }
        return s;
    }

    // ---- texts ----------------------------------------------------------------------------------

    static String text(List<? extends JsonNode> docs, boolean json) {
        if (!json) {
            return YamlWriter.write(docs);
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode d : docs) {
            try {
                b.append("---\n")
                        .append(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(d))
                        .append('\n');
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString();
    }

    /** {@code kubectl get pipelines,infrarules -o yaml}: a v1 List, keys sorted. */
    static ObjectNode list(List<ObjectNode> items) {
        ObjectNode l = VendorGen.F.objectNode();
        l.put("apiVersion", "v1");
        ArrayNode a = l.putArray("items");
        items.forEach(a::add);
        l.put("kind", "List");
        l.putObject("metadata").put("resourceVersion", "");
        return l;
    }

    // ---- checking -------------------------------------------------------------------------------

    static List<Outcome> check(Case c) {
        String[] args = {"render", "-", "--namespace", c.namespace()};
        InProcess.Result applied = InProcess.run(text(c.applied(), c.json()), Map.of(), args);
        List<Outcome> out = new ArrayList<>();
        if (applied.code() != 0) {
            out.add(new Outcome(
                    c, "applied", "the applied form is refused (the generator made it valid)", firstError(applied)));
            return out;
        }
        InProcess.Result stored = InProcess.run(text(c.stored(), c.json()), Map.of(), args);
        InProcess.Result listed = InProcess.run(text(List.of(list(c.stored())), c.json()), Map.of(), args);
        out.add(compare(c, "stored", applied, stored));
        out.add(compare(c, "v1 List", applied, listed));
        return out;
    }

    static Outcome compare(Case c, String variant, InProcess.Result applied, InProcess.Result stored) {
        if (stored.code() != applied.code()) {
            return new Outcome(
                    c,
                    variant,
                    "the " + variant + " form exits " + stored.code() + ", the applied form " + applied.code(),
                    firstError(stored));
        }
        if (stored.out().equals(applied.out())) {
            return new Outcome(c, variant, null, null, null);
        }
        List<JsonNode> a = parse(applied.out());
        List<JsonNode> b = parse(stored.out());
        if (a.equals(b)) { // ObjectNode equality ignores key order
            return new Outcome(
                    c,
                    variant,
                    "the " + variant + " form renders the same objects with map keys in another order",
                    firstDifference(applied.out(), stored.out()));
        }
        String[] d = difference(a, b);
        return new Outcome(c, variant, "the " + variant + " form renders different objects", d[0], d[1]);
    }

    static String firstError(InProcess.Result r) {
        for (String line : r.err().split("\n")) {
            if (!line.contains(": warning: ")) {
                return line;
            }
        }
        return r.err();
    }

    static List<JsonNode> parse(String yaml) {
        List<JsonNode> out = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            out.add(MAPPER.valueToTree(doc));
        }
        return out;
    }

    static String firstDifference(String a, String b) {
        String[] x = a.split("\n");
        String[] y = b.split("\n");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return "line " + (i + 1) + ": applied renders `" + x[i].trim() + "`, stored `" + y[i].trim() + "`";
            }
        }
        return "lengths differ";
    }

    /** The first path where two lists of objects differ: {kind and path, the same with both values}. */
    static String[] difference(List<JsonNode> a, List<JsonNode> b) {
        if (a.size() != b.size()) {
            String d = a.size() + " objects from the applied form, " + b.size() + " from the stored form";
            return new String[] {"number of objects", d};
        }
        for (int i = 0; i < a.size(); i++) {
            String d = difference(a.get(i), b.get(i), "");
            if (d != null) {
                String kind = a.get(i).path("kind").asText();
                String path = d.substring(0, d.indexOf(": applied "));
                return new String[] {
                    kind + " " + path,
                    kind + " " + a.get(i).at("/metadata/name").asText() + ": " + d
                };
            }
        }
        return new String[] {"?", "?"};
    }

    static String difference(JsonNode a, JsonNode b, String path) {
        if (a.equals(b)) {
            return null;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String d = difference(a.path(k), b.path(k), path + "." + k);
                if (d != null) {
                    return d;
                }
            }
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode name = a.get(i).path("name");
                String d = difference(
                        a.get(i), b.get(i), path + "[" + (name.isTextual() ? "name=" + name.asText() : i) + "]");
                if (d != null) {
                    return d;
                }
            }
        }
        return (path.isEmpty() ? "(root)" : path.substring(1)) + ": applied " + shortJson(a) + ", stored "
                + shortJson(b);
    }

    static String shortJson(JsonNode n) {
        String s = n.isMissingNode() ? "(absent)" : n.toString();
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    static long[] caseSeeds() {
        if (REPLAY != null) {
            return new long[] {REPLAY};
        }
        Random base = new Random(SEED ^ "StoredFormPropertyTest".hashCode());
        long[] seeds = new long[CASES];
        for (int i = 0; i < CASES; i++) {
            seeds[i] = base.nextLong();
        }
        return seeds;
    }

    // ---- the test -------------------------------------------------------------------------------

    @Test
    void appliedAndStoredFormsRenderTheSame() {
        long[] seeds = caseSeeds();
        List<Case> cases = IntStream.range(0, seeds.length)
                .parallel()
                .mapToObj(i -> generate(seeds[i]))
                .collect(Collectors.toList());
        List<Outcome> outcomes =
                cases.parallelStream().flatMap(c -> check(c).stream()).collect(Collectors.toList());

        long gpuNoClass = cases.stream()
                .flatMap(c -> c.applied().stream())
                .filter(d -> d.at("/spec/scaling/pool").asText().equals("gpu")
                        && d.at("/spec/worker/computeClass").isMissingNode())
                .count();
        long pipelines = cases.stream()
                .flatMap(c -> c.applied().stream())
                .filter(d -> d.path("kind").asText().equals("Pipeline"))
                .count();
        long withInfraRules = cases.stream()
                .filter(c -> c.applied().get(0).path("kind").asText().equals("InfraRules"))
                .count();
        Map<String, List<Outcome>> failures = new LinkedHashMap<>();
        outcomes.stream()
                .filter(o -> o.category() != null)
                .forEach(o -> failures.computeIfAbsent(o.category(), k -> new ArrayList<>())
                        .add(o));
        long failedCases = outcomes.stream()
                .filter(o -> o.category() != null)
                .map(o -> o.c().seed())
                .distinct()
                .count();
        String stats = "StoredFormPropertyTest: base seed " + SEED + ", " + cases.size() + " cases, " + pipelines
                + " Pipelines (" + gpuNoClass + " with pool: gpu and no computeClass), " + withInfraRules
                + " cases with the Helm InfraRules; " + failedCases + " cases fail";
        System.out.println(stats);
        if (REPLAY != null) {
            Case c = cases.get(0);
            System.out.println("applied:\n" + text(c.applied(), c.json()) + "\nstored:\n" + text(c.stored(), c.json()));
            outcomes.forEach(o -> System.out.println(
                    o.variant() + ": " + (o.category() == null ? "same" : o.category() + ": " + o.detail())));
        }
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(stats).append(":\n");
        List<Map.Entry<String, List<Outcome>>> groups = new ArrayList<>(failures.entrySet());
        groups.sort(Comparator.comparing(e -> -e.getValue().size()));
        for (Map.Entry<String, List<Outcome>> g : groups) {
            b.append(String.format("  %4d  %s%n", g.getValue().size(), g.getKey()));
            Map<String, List<Outcome>> byDetail = new LinkedHashMap<>();
            for (Outcome o : g.getValue()) {
                byDetail.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
            }
            List<Map.Entry<String, List<Outcome>>> details = new ArrayList<>(byDetail.entrySet());
            details.sort(Comparator.comparing(e -> -e.getValue().size()));
            int shown = 0;
            for (Map.Entry<String, List<Outcome>> d : details) {
                if (shown++ == 8) {
                    b.append("          ... ").append(details.size() - 8).append(" more\n");
                    break;
                }
                Outcome ex = d.getValue().get(0);
                b.append(String.format(
                        "        %4d × %s%n               e.g. case seed %d: %s%n",
                        d.getValue().size(), d.getKey(), ex.c().seed(), ex.detail()));
            }
        }
        Outcome first = groups.get(0).getValue().get(0);
        b.append("\nFirst example in full (case seed ")
                .append(first.c().seed())
                .append("):\napplied form:\n")
                .append(text(first.c().applied(), first.c().json()))
                .append("stored form:\n")
                .append(text(first.c().stored(), first.c().json()));
        b.append("\nReplay one case: mvn -B -ntp -q test -Dtest=StoredFormPropertyTest -Dproof.replay=<case seed>\n");
        b.append("This run: -Dproof.seed=")
                .append(SEED)
                .append(" -Dproof.cases=")
                .append(CASES)
                .append('\n');
        fail(b.toString());
    }

    /** A detail with names, numbers and quoted values blanked, for grouping. */
    static String shape(String detail) {
        return detail == null
                ? ""
                : detail.replaceAll("Pipeline [a-z0-9.-]+/[a-z0-9.-]+", "Pipeline …")
                        .replaceAll("\"[^\"]*\"", "\"…\"")
                        .replaceAll("`[^`]*`", "`…`")
                        .replaceAll("-?\\d+", "N")
                        .replaceAll("^-:N:N: ", "");
    }

    // ---- the stored form itself -------------------------------------------------------------------

    /** Every stored form the generator makes is one the vendor's API server accepts (it is what it printed). */
    @Test
    void storedFormsAreValidForTheVendor() {
        Random base = new Random(SEED);
        for (int i = 0; i < 200; i++) {
            Case c = generate(base.nextLong());
            for (int j = 0; j < c.applied().size(); j++) {
                VendorValidator.Verdict a = VendorValidator.judge(c.applied().get(j));
                VendorValidator.Verdict s =
                        VendorValidator.judgeStatusWrite(c.stored().get(j));
                assertEquals(true, a.accepted(), "case " + c.seed() + " applied: " + a.describe());
                assertEquals(true, s.accepted(), "case " + c.seed() + " stored: " + s.describe());
                assertEquals(
                        ApiServer.sortKeys(c.stored().get(j)).toString(),
                        c.stored().get(j).toString(),
                        "keys sorted");
            }
        }
    }
}
