package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway Secret is copied into every namespace whose workers read it, kept up to date and removed. */
class SecretCopyTest {
    static final String VALUE = "tpuf-Zq81-distinctive-secret-value";
    static final String OTHER = "admin-Kx42-not-for-workers";
    static final String OWN_CREDENTIAL = """
            target: {namespace: products}
            worker:
              image: "ghcr.io/hev/worker:1"
              podSpec:
                containers:
                  - name: worker
                    env:
                      - name: LAYER_GATEWAY_API_KEY
                        valueFrom: {secretKeyRef: {name: team-gateway, key: token}}
            scaling: {mode: autoscale, replicas: {min: 1, max: 4}}
            """;
    Harness h;

    @BeforeEach
    void start() {
        h = new Harness().start(Harness.options().withResync(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    void source(String value) {
        h.client
                .secrets()
                .inNamespace("layer")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("layer")
                        .endMetadata()
                        .addToData("turbopuffer-api-key", b64(value))
                        .addToData("admin-token", b64(OTHER))
                        .build())
                .createOr(c -> c.update());
    }

    Secret secret(String ns) {
        return h.client.secrets().inNamespace(ns).withName("layer").get();
    }

    Set<String> owners(String ns) {
        Secret s = secret(ns);
        return s == null
                ? null
                : s.getMetadata().getOwnerReferences().stream()
                        .map(OwnerReference::getName)
                        .collect(Collectors.toSet());
    }

    @Test
    void copiedKeptUpToDateSharedAndRemovedWithTheLastWorkerThatNeedsIt() {
        source(VALUE);
        h.createPipeline("team", "one", Harness.AUTOSCALE);
        h.awaitReady("team", "one", "True", Planner.Reasons.RECONCILED);
        Secret copy = secret("team");
        assertEquals(Map.of("turbopuffer-api-key", b64(VALUE)), copy.getData(), "only the key the worker reads");
        assertEquals("layer", copy.getMetadata().getLabels().get(PipelineReconciler.COPY_OF_LABEL));
        OwnerReference owner = copy.getMetadata().getOwnerReferences().get(0);
        assertEquals("one", owner.getName());
        assertFalse(owner.getController(), "owned, but no Pipeline is its controller");

        // a second worker in the namespace shares the copy
        h.createPipeline("team", "two", Harness.AUTOSCALE);
        h.awaitReady("team", "two", "True", Planner.Reasons.RECONCILED);
        h.await("two owners", () -> Set.of("one", "two").equals(owners("team")));

        // the source changes: the copy follows
        source(VALUE + "-rotated");
        h.await(
                "rotated value copied",
                () -> b64(VALUE + "-rotated").equals(secret("team").getData().get("turbopuffer-api-key")));

        // a worker in the gateway's namespace reads the source itself: nothing is copied there, nothing written on it
        String sourceVersion = secret("layer").getMetadata().getResourceVersion();
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.awaitReady("layer", "web", "True", Planner.Reasons.RECONCILED);
        assertEquals(sourceVersion, secret("layer").getMetadata().getResourceVersion(), "the source is never written");
        assertTrue(secret("layer").getMetadata().getOwnerReferences().isEmpty());

        // a Pipeline that brings its own credential gets no copy: "two" lets go, then "one", and the copy is gone
        h.updateSpec("team", "two", OWN_CREDENTIAL);
        h.await("one owner", () -> Set.of("one").equals(owners("team")));
        h.updateSpec("team", "one", OWN_CREDENTIAL);
        h.await("copy removed", () -> secret("team") == null);
        h.awaitReady("team", "one", "True", Planner.Reasons.RECONCILED);
        assertEquals(1, h.client.secrets().inAnyNamespace().list().getItems().size(), "the source and nothing else");
    }

    /**
     * Pipelines there before the copy is made (an install, a restart) own it from its first write: one write of the
     * copy for the namespace, not one per Pipeline each adding itself to a growing list. One that does not need it
     * lets go; one that let go is not named again when the copy next changes.
     */
    @Test
    void pipelinesThereBeforeTheCopyOwnItFromItsFirstWrite() {
        h.close(); // the reconciler starts after the Pipelines exist
        h = new Harness();
        source(VALUE);
        Set<String> names = Set.of("p0", "p1", "p2", "p3", "p4");
        for (String n : names) {
            h.createPipeline("team", n, Harness.AUTOSCALE);
        }
        h.start(Harness.options().withResync(Duration.ofSeconds(1)));
        for (String n : names) {
            h.awaitReady("team", n, "True", Planner.Reasons.RECONCILED);
        }
        assertEquals(names, owners("team"));
        assertEquals(
                List.of("PATCH /api/v1/namespaces/team/secrets/layer"),
                h.api.writes().stream()
                        .filter(r -> r.path().contains("/namespaces/team/secrets"))
                        .map(r -> r.method() + " " + r.path().replaceAll("\\?.*", ""))
                        .toList(),
                "one write of the copy, naming every Pipeline");

        h.updateSpec("team", "p4", OWN_CREDENTIAL);
        h.await("p4 lets go", () -> Set.of("p0", "p1", "p2", "p3").equals(owners("team")));
        h.createPipeline("team", "p5", Harness.AUTOSCALE);
        h.awaitReady("team", "p5", "True", Planner.Reasons.RECONCILED);
        h.await(
                "p5 added, p4 not again",
                () -> Set.of("p0", "p1", "p2", "p3", "p5").equals(owners("team")));
        h.awaitConverged(2);
        assertEquals(Set.of("p0", "p1", "p2", "p3", "p5"), owners("team"));
    }

    /**
     * Only Pipelines there before the copy that read it are named by its first write: one with its own credential,
     * or one whose spec fails, never owns it (it would keep the gateway's credential in the namespace for nothing);
     * when the last one that reads it goes, the copy goes too.
     */
    @Test
    void theFirstWriteNamesOnlyPipelinesThatReadTheCopy() {
        h.close(); // the reconciler starts after the Pipelines exist
        h = new Harness();
        source(VALUE);
        h.createPipeline("team", "a-reads", Harness.AUTOSCALE);
        h.createPipeline("team", "b-own", OWN_CREDENTIAL);
        h.createPipeline(
                "team",
                "c-fails",
                Harness.AUTOSCALE
                        .replace("mode: autoscale", "pool: cpu-large, mode: autoscale")
                        .replace("max: 4", "max: 9"));
        h.createPipeline("team", "d-reads", Harness.AUTOSCALE);
        // one reconcile at a time: whichever comes first, the others have no status yet when the copy is written
        h.start(Harness.options().withResync(Duration.ofSeconds(1)).withThreads(1));
        h.awaitReady("team", "a-reads", "True", Planner.Reasons.RECONCILED);
        h.awaitReady("team", "b-own", "True", Planner.Reasons.RECONCILED);
        h.awaitReady("team", "c-fails", "False", Planner.Reasons.REPLICAS_EXCEED_POOL_CEILING);
        h.awaitReady("team", "d-reads", "True", Planner.Reasons.RECONCILED);
        h.awaitConverged(2);
        assertEquals(Set.of("a-reads", "d-reads"), owners("team"));
        assertEquals(
                1,
                h.api.writes().stream()
                        .filter(r -> r.path().contains("/namespaces/team/secrets"))
                        .count(),
                "one write of the copy");

        h.client
                .resources(PipelineResource.class)
                .inNamespace("team")
                .withName("a-reads")
                .delete();
        h.client
                .resources(PipelineResource.class)
                .inNamespace("team")
                .withName("d-reads")
                .delete();
        h.await("the copy goes with the last Pipeline that reads it", () -> secret("team") == null);
    }

    @Test
    void aMissingSourceIsReportedAndTheCopyMadeOnceItExists() {
        h.createPipeline("team", "one", Harness.AUTOSCALE);
        h.awaitReady("team", "one", "False", Planner.Reasons.GATEWAY_SECRET_MISSING);
        String message = h.ready("team", "one").path("message").asText();
        assertTrue(
                message.startsWith("Secret layer/layer (the gateway's credential) does not exist, so the worker in"
                        + " namespace team has no credential"),
                message);
        assertTrue(message.contains("\napplied Deployment/one-worker"), message);
        assertTrue(h.deployment("team", "one") != null, "the worker is still applied");
        source(VALUE);
        h.awaitReady("team", "one", "True", Planner.Reasons.RECONCILED);
        assertEquals(b64(VALUE), secret("team").getData().get("turbopuffer-api-key"));
    }

    @Test
    void aNamespacesOwnSecretOfThatNameIsLeftAlone() {
        source(VALUE);
        Secret mine = h.client
                .secrets()
                .inNamespace("mine")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("layer")
                        .endMetadata()
                        .addToData("turbopuffer-api-key", b64("my-own"))
                        .build())
                .create();
        h.createPipeline("mine", "one", Harness.AUTOSCALE);
        h.awaitReady("mine", "one", "True", Planner.Reasons.RECONCILED);
        Secret after = secret("mine");
        assertEquals(
                mine.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
        assertEquals(b64("my-own"), after.getData().get("turbopuffer-api-key"));
    }

    /** The value reaches the copy and nothing else: not the log, not an Event, not any Pipeline's status. */
    @Test
    void theValueNeverAppearsInLogsEventsOrStatus() {
        h.createPipeline("team", "early", Harness.AUTOSCALE); // reported while the source is missing
        h.awaitReady("team", "early", "False", Planner.Reasons.GATEWAY_SECRET_MISSING);
        source(VALUE);
        h.createPipeline("team", "one", Harness.AUTOSCALE);
        h.createPipeline("other", "two", Harness.AUTOSCALE);
        h.awaitReady("team", "early", "True", Planner.Reasons.RECONCILED);
        h.awaitReady("team", "one", "True", Planner.Reasons.RECONCILED);
        h.awaitReady("other", "two", "True", Planner.Reasons.RECONCILED);
        source(VALUE + "-rotated");
        h.await(
                "rotated",
                () -> b64(VALUE + "-rotated").equals(secret("other").getData().get("turbopuffer-api-key")));
        h.updateSpec("other", "two", OWN_CREDENTIAL);
        h.await("copy removed", () -> secret("other") == null);

        List<String> seen = new java.util.ArrayList<>();
        seen.add(h.log.toString(StandardCharsets.UTF_8));
        for (String[] p : new String[][] {{"team", "early"}, {"team", "one"}, {"other", "two"}}) {
            seen.add(h.status(p[0], p[1]).toString());
        }
        seen.add(h.client.v1().events().inAnyNamespace().list().getItems().toString());
        seen.add(h.metrics.scrape());
        assertTrue(seen.get(0).contains("copied Secret layer/layer into namespace team"), seen.get(0));
        for (String text : seen) {
            for (String secret : List.of(VALUE, b64(VALUE), OTHER, b64(OTHER))) {
                assertFalse(text.contains(secret), "the Secret's value leaked into:\n" + text);
            }
        }
    }
}
