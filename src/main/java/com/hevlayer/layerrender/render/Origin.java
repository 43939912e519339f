package com.hevlayer.layerrender.render;

import com.hevlayer.layerrender.yaml.Position;

/**
 * Where one rendered value came from (issue 18, {@code layer-render explain}): data, never a log line.
 *
 * @param kind     which kind of source decided the value
 * @param position the input file, line and column of the field it came from (a Pipeline field, an InfraRules
 *                 pool, a VectorStore field, the podSpec patch), or null when the source has no place in a file
 *                 (a flag, an environment variable, a built-in pool, a default, a rule)
 * @param what     the source in words: the field, the setting and where it was decided, the rule of SPEC §3
 * @param source   the source alone: {@code Pipeline spec.worker.image}, {@code InfraRules/default pool cpu},
 *                 {@code setting gateway-base-url from flag --gateway-base-url}, {@code podSpec patch}, the rule
 *                 (what the KRM function's origin annotation summarizes by)
 */
public record Origin(Kind kind, Position position, String what, String source) {

    /** The kinds of source, as {@code explain -o json} names them. */
    public enum Kind {
        /** A field of the Pipeline. */
        PIPELINE("pipeline"),
        /** A field of the Pipeline left out, and its default (SPEC §1). */
        PIPELINE_DEFAULT("pipeline-default"),
        /** A compute pool of InfraRules/default. */
        POOL("pool"),
        /** A built-in pool (no InfraRules given). */
        BUILTIN_POOL("builtin-pool"),
        /** A gateway setting (or the default namespace), and the layer that decided it. */
        SETTING("setting"),
        /** The Pipeline's {@code worker.podSpec} patch. */
        PATCH("podspec-patch"),
        /** A constant rule of SPEC §3 (or of layer-render, where the spec is silent). */
        RULE("rule");

        public final String value;

        Kind(String value) {
            this.value = value;
        }
    }

    public static Origin rule(String what) {
        return new Origin(Kind.RULE, null, what, what);
    }

    /** {@code file:line:col: what}, the form of one line of {@code explain}. */
    @Override
    public String toString() {
        return position == null ? what : position + ": " + what;
    }
}
