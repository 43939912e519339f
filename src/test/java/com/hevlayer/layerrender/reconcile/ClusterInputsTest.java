package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hevlayer.layerrender.render.Json;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** InfraRules/default and the default VectorStore live in the cluster: changing them re-renders Pipelines. */
class ClusterInputsTest {
    Harness h;

    @BeforeEach
    void start() {
        h = new Harness().start();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static String infraRules(String role, int ceiling) {
        return """
                apiVersion: hevlayer.com/v1alpha1
                kind: InfraRules
                metadata: {name: default}
                spec:
                  computePools:
                    - name: cpu
                      kind: cpu
                      nodeSelector: {pool: ROLE}
                      resources:
                        requests: {cpu: "1", memory: 1Gi}
                      maxReplicasPerWorkload: CEILING
                """.replace("ROLE", role).replace("CEILING", Integer.toString(ceiling));
    }

    Map<String, String> selector(String ns, String name) {
        Deployment d = h.deployment(ns, name);
        return d == null ? null : d.getSpec().getTemplate().getSpec().getNodeSelector();
    }

    @Test
    void infraRulesCreatedChangedAndDeletedReRenderEveryPipeline() {
        h.gatewaySecret(); // the workers of namespaces a and b get their copies: Ready=True
        h.createPipeline("a", "one", Harness.AUTOSCALE);
        h.createPipeline("b", "two", Harness.AUTOSCALE);
        Map<String, String> builtin = Map.of("layer.hev.dev/node-role", "worker-cpu", "layer.hev.dev/compute", "cpu");
        h.await("built-in pools", () -> builtin.equals(selector("a", "one")) && builtin.equals(selector("b", "two")));

        InfraRulesResource rules =
                Json.MAPPER.convertValue(Harness.yaml(infraRules("blue", 8)), InfraRulesResource.class);
        h.client.resource(rules).create();
        h.await(
                "created InfraRules applied to both",
                () -> Map.of("pool", "blue").equals(selector("a", "one"))
                        && Map.of("pool", "blue").equals(selector("b", "two")));

        h.client.resources(InfraRulesResource.class).withName("default").edit(r -> {
            r.setSpec(Harness.yaml(infraRules("green", 8)).get("spec"));
            return r;
        });
        h.await(
                "changed InfraRules applied to both",
                () -> Map.of("pool", "green").equals(selector("a", "one"))
                        && Map.of("pool", "green").equals(selector("b", "two")));

        // a ceiling below a Pipeline's max makes that Pipeline invalid; its objects stay
        h.client.resources(InfraRulesResource.class).withName("default").edit(r -> {
            r.setSpec(Harness.yaml(infraRules("green", 2)).get("spec"));
            return r;
        });
        h.awaitReady("a", "one", "False", "ReplicasExceedPoolCeiling");
        assertEquals(Map.of("pool", "green"), selector("a", "one"));

        h.client.resources(InfraRulesResource.class).withName("default").delete();
        h.await(
                "built-in pools again",
                () -> builtin.equals(selector("a", "one")) && builtin.equals(selector("b", "two")));
        h.awaitReady("a", "one", "True", "Reconciled");
    }

    @Test
    void theDefaultVectorStoreDecidesTheCredential() {
        h.createPipeline("layer", "web", Harness.AUTOSCALE);
        h.await("default credential", () -> "layer".equals(secretName()));

        VectorStoreResource store = Json.MAPPER.convertValue(Harness.yaml("""
                apiVersion: hevlayer.com/v1alpha1
                kind: VectorStore
                metadata: {name: primary, namespace: layer}
                spec:
                  default: true
                  kind: turbopuffer
                  endpoint: {url: "https://gcp-us-central1.turbopuffer.com", region: gcp-us-central1}
                  credential: {secretRef: {name: tpuf-prod, key: api-key}}
                """), VectorStoreResource.class);
        h.client.resource(store).create();
        h.await(
                "credential from the store",
                () -> "tpuf-prod".equals(secretName())
                        && "api-key".equals(secretKey())
                        && "tpuf-prod"
                                .equals(h.keda("TriggerAuthentication", "layer", "web")
                                        .get("spec", "secretTargetRef", 0, "name")));

        h.client
                .resources(VectorStoreResource.class)
                .inNamespace("layer")
                .withName("primary")
                .edit(s -> {
                    ((com.fasterxml.jackson.databind.node.ObjectNode)
                                    s.getSpec().get("credential").get("secretRef"))
                            .put("name", "tpuf-next");
                    return s;
                });
        h.await("credential follows the store", () -> "tpuf-next".equals(secretName()));

        // a store in another namespace is not this Pipeline's
        VectorStoreResource other = Json.MAPPER.convertValue(Harness.yaml("""
                apiVersion: hevlayer.com/v1alpha1
                kind: VectorStore
                metadata: {name: elsewhere, namespace: other}
                spec: {default: true, kind: turbopuffer, endpoint: {url: "https://x.example", region: x}, credential: {secretRef: {name: not-mine, key: k}}}
                """), VectorStoreResource.class);
        h.client.resource(other).create();
        h.client
                .resources(VectorStoreResource.class)
                .inNamespace("layer")
                .withName("primary")
                .delete();
        h.await("back to the default credential", () -> "layer".equals(secretName()));
    }

    private String secretName() {
        return env().getValueFrom().getSecretKeyRef().getName();
    }

    private String secretKey() {
        return env().getValueFrom().getSecretKeyRef().getKey();
    }

    private io.fabric8.kubernetes.api.model.EnvVar env() {
        List<io.fabric8.kubernetes.api.model.EnvVar> env = h.deployment("layer", "web")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();
        return env.stream()
                .filter(e -> e.getName().equals("LAYER_GATEWAY_API_KEY"))
                .findFirst()
                .orElseThrow();
    }
}
