package com.hevlayer.layerrender.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hevlayer.layerrender.model.BuiltinPools;
import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.validate.Code;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §3.1 as a table: each row is a Pipeline's pool and computeClass, the pools, and what is chosen. */
class PoolChoiceTest {
    private static final List<Pool> BUILTIN = BuiltinPools.pools(); // cpu (cpu), cpu-large (cpu), gpu (gpu)

    static Stream<Arguments> rows() {
        return Stream.of(
                row("no pool, no class: the CRD's default class cpu names pool cpu", null, null, BUILTIN, "cpu", null),
                row("scaling.pool wins over the class", "cpu-large", null, BUILTIN, "cpu-large", null),
                row(
                        "a class chooses the pool of that name",
                        null,
                        "gpu",
                        List.of(pool("a100", "gpu"), BUILTIN.get(2)),
                        "gpu",
                        null),
                row(
                        "a class that names a pool of another kind chooses it, and contradicts it",
                        null,
                        "cpu-large",
                        BUILTIN,
                        "cpu-large",
                        Code.COMPUTE_CLASS_MISMATCH),
                row(
                        "a class that names no pool chooses the first pool of that kind",
                        null,
                        "gpu",
                        List.of(BUILTIN.get(1), pool("a100", "gpu"), pool("h100", "gpu")),
                        "a100",
                        null),
                row(
                        "the pool named like the class beats an earlier pool of that kind",
                        null,
                        "cpu",
                        List.of(BUILTIN.get(1), BUILTIN.get(0)),
                        "cpu",
                        null),
                row(
                        "an explicit cpu never contradicts a pool (the API server writes it into every Pipeline)",
                        "gpu",
                        "cpu",
                        BUILTIN,
                        "gpu",
                        null),
                row("a pool name nobody has", "cpu-larg", null, BUILTIN, null, Code.UNKNOWN_POOL),
                row("a class no pool is named or has as kind", null, "tpu", BUILTIN, null, Code.NO_MATCHING_POOL),
                row(
                        "an explicit class that contradicts the chosen pool's kind: the pool stays chosen",
                        "cpu",
                        "gpu",
                        BUILTIN,
                        "cpu",
                        Code.COMPUTE_CLASS_MISMATCH),
                row(
                        "an InfraRules without pools leaves nothing to choose",
                        null,
                        null,
                        List.of(),
                        null,
                        Code.NO_COMPUTE_POOLS),
                row(
                        "an InfraRules without pools, with a pool named",
                        "cpu",
                        null,
                        List.of(),
                        null,
                        Code.NO_COMPUTE_POOLS));
    }

    private static Arguments row(String why, String pool, String cls, List<Pool> pools, String chosen, Code refusal) {
        return Arguments.of(why, pool, cls, pools, chosen, refusal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void choosesAsSpecSays(String why, String pool, String cls, List<Pool> pools, String chosen, Code refusal) {
        PoolChoice.Choice choice = PoolChoice.choose(pipeline(pool, cls), pools);
        assertEquals(chosen, choice.pool() == null ? null : choice.pool().name(), why);
        assertEquals(
                refusal == null ? List.of() : List.of(refusal),
                choice.refusals().stream().map(PoolChoice.Refusal::code).toList(),
                why);
    }

    private static Pipeline pipeline(String pool, String cls) {
        return Pipeline.builder("p")
                .namespace("ns")
                .targetNamespace("t")
                .image("img")
                .computeClass(cls)
                .pool(pool)
                .replicas(0, 2)
                .build();
    }

    private static Pool pool(String name, String kind) {
        Pool base = BUILTIN.get(2);
        return new Pool(name, kind, null, base.nodeSelector(), base.tolerations(), base.requests(), base.limits(), 4);
    }
}
