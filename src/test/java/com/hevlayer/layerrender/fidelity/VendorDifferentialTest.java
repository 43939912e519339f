package com.hevlayer.layerrender.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.cli.InProcess;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.yaml.YamlWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Differential test: layer-render against the vendor's API server. Each generated case (valid
 * documents and near misses of them, {@link VendorGen}) is judged by {@link VendorValidator} (what
 * {@code kubectl apply --validate=strict} with the vendor's CRDs answers) and by layer-render run as the
 * CLI runs it ({@code layer-render validate -}, in process; exit 0 accepts, 1 refuses). The verdicts must
 * agree, except for deviations listed in docs/fidelity.md:
 * <ul>
 *   <li>the vendor accepts and layer-render refuses: allowed only when every error line of layer-render
 *       is a layer-render rule (its message has {@value LrLine#MARKER}) and its kind and field (indices as
 *       {@code []}; a listed field covers the fields below it) are listed under {@code ## Stricter than the CRD}
 *       ({@code | kind | field | rule | why |});</li>
 *   <li>the vendor refuses and layer-render accepts: allowed only when every field the vendor refuses is
 *       listed under {@code ## Looser than the CRD} (same columns).</li>
 * </ul>
 * Pipelines are validated alone, so the built-in pools apply; the generator keeps them within the pools'
 * limits. A generated valid document that the vendor refuses is a bug of the generator and fails too.
 *
 * <p>{@code -Dproof.seed=N} another fixed sequence, {@code -Dproof.cases=N} more cases (default 1,000),
 * {@code -Dproof.replay=<case seed>} one case with every detail.
 */
class VendorDifferentialTest {
    static final long SEED = Long.getLong("proof.seed", 20_261_125L);
    static final int CASES = Integer.getInteger("proof.cases", 1000);
    static final Long REPLAY = Long.getLong("proof.replay");

    enum Outcome {
        AGREE_ACCEPT,
        AGREE_REFUSE,
        STRICTER_LISTED,
        LOOSER_LISTED,
        STRICTER,
        LOOSER,
        CRASH,
        GENERATOR
    }

    record Case(
            long seed, String kind, VendorGen.Miss miss, String change, boolean edge, ObjectNode doc, String text) {}

    /** Why a case failed: a key to group by, and the line that shows it (layer-render's, or the vendor's). */
    record Reason(String key, String evidence) {}

    /** @param used the rows of docs/fidelity.md that excused this case */
    record Result(
            Case c,
            VendorValidator.Verdict vendor,
            InProcess.Result lr,
            Outcome outcome,
            List<Reason> reasons,
            List<FidelityDoc.Row> used) {
        Result(Case c, VendorValidator.Verdict vendor, InProcess.Result lr, Outcome outcome, List<Reason> reasons) {
            this(c, vendor, lr, outcome, reasons, List.of());
        }
    }

    // ---- generation -----------------------------------------------------------------------------

    static Case generate(long seed) {
        Random r = new Random(seed);
        double k = r.nextDouble();
        String kind = k < 0.5 ? "Pipeline" : k < 0.75 ? "InfraRules" : "VectorStore";
        VendorGen.Miss miss = r.nextDouble() < 0.4
                ? VendorGen.Miss.VALID
                : VendorGen.Miss.values()[1 + r.nextInt(VendorGen.Miss.values().length - 1)];
        boolean json = r.nextDouble() < 0.2;
        VendorGen g = new VendorGen(r);
        VendorGen.Made made = null;
        if (miss != VendorGen.Miss.VALID) {
            for (int attempt = 0; attempt < 5 && made == null; attempt++) {
                made = g.nearMiss(kind, miss);
            }
        }
        if (made == null) {
            made = g.valid(kind, true);
        }
        return new Case(seed, kind, made.miss(), made.change(), made.edge(), made.doc(), text(made.doc(), json));
    }

    static String text(JsonNode doc, boolean json) {
        if (!json) {
            return YamlWriter.write(List.of(doc));
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- judging --------------------------------------------------------------------------------

    static Result judge(Case c, List<FidelityDoc.Row> stricter, List<FidelityDoc.Row> looser) {
        VendorValidator.Verdict vendor = VendorValidator.judge(c.doc());
        InProcess.Result lr = InProcess.run(c.text(), Map.of(), "validate", "-");
        return classify(c, vendor, lr, stricter, looser);
    }

    /** The outcome of one case from the two verdicts and the lists of docs/fidelity.md. */
    static Result classify(
            Case c,
            VendorValidator.Verdict vendor,
            InProcess.Result lr,
            List<FidelityDoc.Row> stricter,
            List<FidelityDoc.Row> looser) {
        List<Reason> reasons = new ArrayList<>();
        List<FidelityDoc.Row> used = new ArrayList<>();
        if (c.miss() == VendorGen.Miss.VALID && !vendor.accepted()) {
            reasons.add(new Reason(
                    "generator: a generated valid " + c.kind() + " is refused by the vendor", vendor.describe()));
            return new Result(c, vendor, lr, Outcome.GENERATOR, reasons);
        }
        if (lr.code() != 0 && lr.code() != 1) {
            reasons.add(new Reason("crash: layer-render exited " + lr.code(), firstLine(lr.err())));
            return new Result(c, vendor, lr, Outcome.CRASH, reasons);
        }
        boolean lrAccepts = lr.code() == 0;
        if (vendor.accepted() == lrAccepts) {
            return new Result(c, vendor, lr, lrAccepts ? Outcome.AGREE_ACCEPT : Outcome.AGREE_REFUSE, reasons);
        }
        if (vendor.accepted()) {
            List<LrLine> errors = LrLine.errors(lr.err());
            if (errors.isEmpty()) {
                reasons.add(new Reason("stricter | " + c.kind() + " | (no problem line)", firstLine(lr.err())));
            }
            for (LrLine e : errors) {
                String kind = e.kind().isEmpty() ? c.kind() : e.kind();
                FidelityDoc.Row row = listed(stricter, kind, e.normalField());
                if (!e.marked()) {
                    reasons.add(new Reason(
                            "stricter, not a marked layer-render rule | " + kind + " | " + e.normalField() + " | "
                                    + e.shape(),
                            e.raw()));
                } else if (row != null) {
                    used.add(row);
                } else {
                    reasons.add(new Reason(
                            "stricter, marked but not listed under \"## " + FidelityDoc.STRICTER + "\" | " + kind
                                    + " | " + e.normalField() + " | " + e.shape(),
                            e.raw()));
                }
            }
            return new Result(
                    c, vendor, lr, reasons.isEmpty() ? Outcome.STRICTER_LISTED : Outcome.STRICTER, reasons, used);
        }
        for (VendorValidator.Issue i : vendor.errors()) {
            FidelityDoc.Row row = listed(looser, c.kind(), Paths.normal(i.path()));
            if (row != null) {
                used.add(row);
            } else {
                reasons.add(new Reason(
                        "looser, not listed under \"## " + FidelityDoc.LOOSER + "\" | " + c.kind() + " | "
                                + (i.path().isEmpty() ? "(root)" : Paths.normal(i.path())) + " | vendor: "
                                + i.keyword(),
                        "vendor: " + i.format() + "; layer-render: exit 0"));
            }
        }
        return new Result(c, vendor, lr, reasons.isEmpty() ? Outcome.LOOSER_LISTED : Outcome.LOOSER, reasons, used);
    }

    /** The row that lists {@code field} of {@code kind} (the same field or one above it), or null. */
    static FidelityDoc.Row listed(List<FidelityDoc.Row> rows, String kind, String field) {
        for (FidelityDoc.Row r : rows) {
            if (r.kind().equals(kind) && Paths.covers(Paths.normal(r.field()), field)) {
                return r;
            }
        }
        return null;
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static long[] caseSeeds() {
        if (REPLAY != null) {
            return new long[] {REPLAY};
        }
        Random base = new Random(SEED ^ "VendorDifferentialTest".hashCode());
        long[] seeds = new long[CASES];
        for (int i = 0; i < CASES; i++) {
            seeds[i] = base.nextLong();
        }
        return seeds;
    }

    // ---- the test -------------------------------------------------------------------------------

    @Test
    void layerRenderAgreesWithTheVendorsApiServer() {
        List<FidelityDoc.Row> stricter =
                FidelityDoc.table(FidelityDoc.STRICTER, "rule").orElse(List.of());
        List<FidelityDoc.Row> looser =
                FidelityDoc.table(FidelityDoc.LOOSER, "rule").orElse(List.of());
        long[] seeds = caseSeeds();
        List<Result> results = IntStream.range(0, seeds.length)
                .parallel()
                .mapToObj(i -> judge(generate(seeds[i]), stricter, looser))
                .collect(Collectors.toList()); // encounter order: the seeds' order

        String stats = statistics(results) + unused(results, stricter, looser);
        System.out.println(stats);
        if (REPLAY != null) {
            System.out.println(details(results.get(0)));
        }
        List<Result> failed = results.stream()
                .filter(r -> r.outcome().compareTo(Outcome.STRICTER) >= 0)
                .toList();
        if (!failed.isEmpty()) {
            fail(report(failed, results.size()) + "\n" + stats);
        }
    }

    /** The deviation rules themselves, on made-up answers. */
    @Test
    void classification() {
        Case c = new Case(1, "Pipeline", VendorGen.Miss.WRONG_TYPE, "", false, VendorGen.F.objectNode(), "");
        Case valid = new Case(2, "Pipeline", VendorGen.Miss.VALID, "", false, VendorGen.F.objectNode(), "");
        VendorValidator.Verdict yes = new VendorValidator.Verdict(true, List.of(), null);
        VendorValidator.Verdict no = new VendorValidator.Verdict(
                false,
                List.of(new VendorValidator.Issue(
                        "/spec/schedule/cron", "spec.schedule.cron", "type", "must be a string")),
                null);
        String marked =
                "-:3:5: Pipeline ns/a: spec.scaling.replicas[0].max: 50 exceeds 32 (layer-render rule: pools)\n1 error; nothing rendered\n";
        String unmarked =
                "-:3:5: Pipeline ns/a: spec.pipelineId: must not be empty\n-:4:5: warning: Pipeline ns/a: spec.x: w\n";
        List<FidelityDoc.Row> stricter = List.of(
                new FidelityDoc.Row("Pipeline", "spec.scaling.replicas", "r", "w", 1),
                new FidelityDoc.Row("Pipeline", "spec.pipelineId", "r", "w", 2));
        List<FidelityDoc.Row> looser = List.of(new FidelityDoc.Row("Pipeline", "spec.schedule", "r", "w", 3));
        BiFunction<VendorValidator.Verdict, InProcess.Result, Outcome> run =
                (v, lr) -> classify(c, v, lr, stricter, looser).outcome();
        assertEquals(Outcome.AGREE_ACCEPT, run.apply(yes, new InProcess.Result(0, "", "")));
        assertEquals(Outcome.AGREE_REFUSE, run.apply(no, new InProcess.Result(1, "", unmarked)));
        assertEquals(
                Outcome.STRICTER_LISTED,
                run.apply(yes, new InProcess.Result(1, "", marked)),
                "marked, and listed for a field above it");
        assertEquals(
                Outcome.STRICTER,
                run.apply(yes, new InProcess.Result(1, "", unmarked)),
                "listed, but not marked as a layer-render rule");
        assertEquals(
                Outcome.STRICTER,
                run.apply(yes, new InProcess.Result(1, "", marked.replace("spec.scaling", "spec.worker"))),
                "marked, but not listed");
        assertEquals(Outcome.LOOSER_LISTED, run.apply(no, new InProcess.Result(0, "", "")));
        assertEquals(
                Outcome.LOOSER,
                classify(c, no, new InProcess.Result(0, "", ""), stricter, List.of())
                        .outcome());
        assertEquals(Outcome.CRASH, run.apply(yes, new InProcess.Result(3, "", "boom")));
        assertEquals(
                Outcome.GENERATOR,
                classify(valid, no, new InProcess.Result(1, "", ""), stricter, looser)
                        .outcome(),
                "a valid document the vendor refuses is the generator's fault");
    }

    /** Rows of docs/fidelity.md that excused no case of this run (not a failure: a run sees only some fields). */
    static String unused(List<Result> results, List<FidelityDoc.Row> stricter, List<FidelityDoc.Row> looser) {
        Set<FidelityDoc.Row> used = new HashSet<>();
        results.forEach(r -> used.addAll(r.used()));
        StringBuilder b = new StringBuilder();
        for (FidelityDoc.Row r : stricter) {
            if (!used.contains(r)) {
                b.append("\n  not needed in this run: ")
                        .append(r.where())
                        .append(" (")
                        .append(FidelityDoc.STRICTER)
                        .append(") ")
                        .append(r.kind())
                        .append(' ')
                        .append(r.field());
            }
        }
        for (FidelityDoc.Row r : looser) {
            if (!used.contains(r)) {
                b.append("\n  not needed in this run: ")
                        .append(r.where())
                        .append(" (")
                        .append(FidelityDoc.LOOSER)
                        .append(") ")
                        .append(r.kind())
                        .append(' ')
                        .append(r.field());
            }
        }
        return b.toString();
    }

    static String statistics(List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("VendorDifferentialTest: base seed ")
                .append(SEED)
                .append(", ")
                .append(results.size())
                .append(" cases\n");
        b.append(String.format(
                "%-12s %-22s %6s %7s %7s %7s %7s %7s%n",
                "kind", "class", "cases", "agree+", "agree-", "listed", "FAILED", "(edge)"));
        Map<String, int[]> rows = new TreeMap<>(Comparator.comparing(
                        (String s) -> VendorCrds.KINDS.indexOf(s.split(" ")[0]))
                .thenComparing(s -> VendorGen.Miss.valueOf(s.split(" ")[1]).ordinal()));
        for (Result r : results) {
            int[] row = rows.computeIfAbsent(r.c().kind() + " " + r.c().miss(), k -> new int[6]);
            row[0]++;
            switch (r.outcome()) {
                case AGREE_ACCEPT -> row[1]++;
                case AGREE_REFUSE -> row[2]++;
                case STRICTER_LISTED, LOOSER_LISTED -> row[3]++;
                default -> {
                    row[4]++;
                    if (r.c().edge()) {
                        row[5]++;
                    }
                }
            }
        }
        int[] total = new int[6];
        for (Map.Entry<String, int[]> e : rows.entrySet()) {
            String[] k = e.getKey().split(" ");
            int[] v = e.getValue();
            b.append(String.format(
                    "%-12s %-22s %6d %7d %7d %7d %7d %7d%n", k[0], k[1], v[0], v[1], v[2], v[3], v[4], v[5]));
            for (int i = 0; i < 6; i++) {
                total[i] += v[i];
            }
        }
        b.append(String.format(
                "%-12s %-22s %6d %7d %7d %7d %7d %7d%n",
                "all", "", total[0], total[1], total[2], total[3], total[4], total[5]));
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        results.forEach(r -> outcomes.merge(r.outcome(), 1, Integer::sum));
        b.append("outcomes: ").append(outcomes).append('\n');
        b.append("(agree+ both accept, agree- both refuse, listed: a deviation listed in ")
                .append(FidelityDoc.FILE)
                .append(", (edge): failed cases made from an edge document, see VendorGen)");
        return b.toString();
    }

    /** Failures grouped by reason, most frequent first, each with one example case. */
    static String report(List<Result> failed, int total) {
        Map<String, List<Result>> byReason = new LinkedHashMap<>();
        Map<String, String> evidence = new LinkedHashMap<>();
        for (Result r : failed) {
            for (Reason reason : r.reasons()) {
                byReason.computeIfAbsent(reason.key(), k -> new ArrayList<>()).add(r);
                evidence.putIfAbsent(reason.key(), reason.evidence());
            }
        }
        List<Map.Entry<String, List<Result>>> groups = new ArrayList<>(byReason.entrySet());
        groups.sort(Comparator.comparing(
                        (Map.Entry<String, List<Result>> e) -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey));
        StringBuilder b = new StringBuilder();
        b.append(failed.size())
                .append(" of ")
                .append(total)
                .append(" cases: layer-render and the vendor's API server"
                        + " disagree, and docs/fidelity.md does not list it (base seed ")
                .append(SEED)
                .append(").\n");
        b.append(groups.size()).append(" distinct reasons (reason | kind | field | what), with the number of cases:\n");
        int shown = 0;
        for (Map.Entry<String, List<Result>> g : groups) {
            if (shown++ == 150) {
                b.append("  ... ").append(groups.size() - 150).append(" more reasons\n");
                break;
            }
            Result ex = g.getValue().get(0);
            b.append(String.format("  %4d  %s%n", g.getValue().size(), g.getKey()));
            b.append("        e.g. case seed ")
                    .append(ex.c().seed())
                    .append(" (")
                    .append(ex.c().kind())
                    .append(' ')
                    .append(ex.c().miss())
                    .append(ex.c().change().isEmpty() ? "" : ": " + ex.c().change())
                    .append(")\n");
            b.append("             ").append(evidence.get(g.getKey())).append('\n');
        }
        b.append("\nFirst failing case in full:\n").append(details(failed.get(0)));
        b.append("\nReplay one case: mvn -B -ntp -q test -Dtest=VendorDifferentialTest -Dproof.replay=<case seed>\n");
        b.append("This run: -Dproof.seed=")
                .append(SEED)
                .append(" -Dproof.cases=")
                .append(CASES)
                .append('\n');
        return b.toString();
    }

    static String details(Result r) {
        StringBuilder b = new StringBuilder();
        b.append("case seed ")
                .append(r.c().seed())
                .append(": ")
                .append(r.c().kind())
                .append(' ')
                .append(r.c().miss())
                .append(r.c().change().isEmpty() ? "" : " (" + r.c().change() + ")")
                .append(r.c().edge() ? ", edge document" : "")
                .append(" -> ")
                .append(r.outcome())
                .append('\n');
        b.append("input:\n").append(r.c().text());
        b.append("vendor: ").append(r.vendor().describe()).append('\n');
        b.append("layer-render validate -: exit ")
                .append(r.lr().code())
                .append('\n')
                .append(r.lr().err());
        r.reasons().forEach(x -> b.append("reason: ").append(x.key()).append('\n'));
        return b.toString();
    }
}
