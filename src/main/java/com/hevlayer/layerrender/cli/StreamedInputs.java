package com.hevlayer.layerrender.cli;

import com.hevlayer.layerrender.schema.Kind;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.DocSource;
import com.hevlayer.layerrender.yaml.Position;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlException;
import com.hevlayer.layerrender.yaml.YamlLoader;
import com.hevlayer.layerrender.yaml.YamlText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The documents of {@code render} and {@code validate}: those read already ({@code --infra-rules}), then the
 * input files, parsed again on each pass from their text decoded once ({@link Inputs#read}), so that the engine
 * holds one input tree at a time (issue 17: 100,000 Pipelines in 512 MB). The first pass says what
 * {@link Inputs#parse} says of a file that is not YAML; later passes hand the same documents and say nothing.
 */
final class StreamedInputs implements DocSource {
    private final List<SourceDoc> before;
    private final List<String> labels = new ArrayList<>();
    /** Each file's path within the folder a walk found it in ({@link Inputs.Text#walkedAs}), or null. */
    private final List<String> walkedAs = new ArrayList<>();
    /** The files the first pass found to be no manifests ({@link Inputs#notAManifest}): skipped on every pass. */
    private final Set<Integer> skipped = new HashSet<>();
    /** Each file's text, decoded once (its bytes are then let go); null for a file that is not text. */
    private final List<String> texts = new ArrayList<>();

    private final List<YamlException> notText = new ArrayList<>();
    private final YamlLoader loader;
    private final List<Problem> problems;
    private boolean passed;
    private long documents;
    private long pipelines;
    private long infraRules;

    /**
     * @param texts    the input files, a list this may change: each is taken out of it once its text is decoded
     * @param problems where the first pass puts its problems (a file that is not YAML)
     */
    StreamedInputs(List<SourceDoc> before, List<Inputs.Text> texts, YamlLoader loader, List<Problem> problems) {
        this.before = before;
        for (int i = 0; i < texts.size(); i++) {
            Inputs.Text t = texts.get(i);
            texts.set(i, null); // its bytes go once the text is decoded: a large file is held once, not twice
            labels.add(t.label());
            walkedAs.add(t.walkedAs());
            try {
                this.texts.add(YamlText.decode(t.label(), t.content()));
                notText.add(null);
            } catch (YamlException e) {
                this.texts.add(null);
                notText.add(e);
            } catch (OutOfMemoryError e) {
                this.texts.add(null);
                notText.add(null); // said as Inputs.parse says it
            }
        }
        this.loader = loader;
        this.problems = problems;
    }

    @Override
    public Set<String> forEach(Consumer<SourceDoc> each) {
        boolean first = !passed;
        passed = true;
        Set<String> failed = new HashSet<>();
        for (SourceDoc d : before) {
            if (first) {
                pipelines += ours(d, Kind.PIPELINE);
                infraRules += ours(d, Kind.INFRA_RULES);
            }
            each.accept(d);
        }
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            long[] counted = new long[3]; // documents, Pipelines, InfraRules of this file
            if (skipped.contains(i)) {
                continue;
            }
            if (texts.get(i) == null) { // not text, or too large to decode
                failed.add(label);
                if (first) {
                    problems.add(notText.get(i) != null ? notYaml(notText.get(i)) : outOfMemory(label));
                }
                continue;
            }
            Consumer<SourceDoc> pass = d -> {
                counted[0]++;
                counted[1] += ours(d, Kind.PIPELINE);
                counted[2] += ours(d, Kind.INFRA_RULES);
                each.accept(d);
            };
            // a file found by a walk whose documents all lack apiVersion and kind is no manifest (Inputs.parse):
            // such documents wait until the file shows an object (then they go on, and are wrong there) or ends
            List<SourceDoc> headless = new ArrayList<>();
            boolean[] objects = {walkedAs.get(i) == null};
            try {
                loader.stream(label, texts.get(i), d -> {
                    if (!objects[0]) {
                        if (Inputs.headless(d)) {
                            headless.add(d);
                            return;
                        }
                        objects[0] = true;
                        headless.forEach(pass);
                        headless.clear();
                    }
                    pass.accept(d);
                });
                if (!headless.isEmpty()) {
                    skipped.add(i);
                    problems.add(Inputs.notAManifest(headless.get(0), walkedAs.get(i)));
                    continue;
                }
                if (first) { // a file that is not YAML has no documents
                    documents += counted[0];
                    pipelines += counted[1];
                    infraRules += counted[2];
                }
            } catch (YamlException e) {
                failed.add(label);
                if (first) {
                    problems.add(notYaml(e));
                }
            } catch (OutOfMemoryError e) {
                failed.add(label);
                if (first) {
                    problems.add(outOfMemory(label));
                }
            }
        }
        return failed;
    }

    /** What {@link Inputs#parse} says of a file that is not YAML. */
    private static Problem notYaml(YamlException e) {
        return Problem.error(Code.YAML_SYNTAX, e.position(), ObjectRef.of(e), e.field(), e.getMessage());
    }

    private static Problem outOfMemory(String label) {
        return Problem.error(Code.YAML_SYNTAX, new Position(label, 1, 1), null, null, Inputs.outOfMemory());
    }

    /** Documents of the input files, known after the first pass. */
    long documents() {
        return documents;
    }

    /** Documents of one of our kinds (a Tekton Pipeline is not one of ours), known after the first pass. */
    long count(Kind kind) {
        return kind == Kind.PIPELINE ? pipelines : kind == Kind.INFRA_RULES ? infraRules : 0;
    }

    private static int ours(SourceDoc d, Kind kind) {
        return kind.kind.equals(d.kind()) && Kind.GROUP.equals(Kind.group(d.apiVersion())) ? 1 : 0;
    }
}
