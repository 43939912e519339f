package com.hevlayer.layerrender.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UpstreamSchemasTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    // ---------------------------------------------------------------------------------------------------------
    // (a) the copied files are the ones recorded in the README

    private static final Pattern TABLE_ROW =
            Pattern.compile("^\\| `([^`]+)` \\| (\\d+) \\| `([0-9a-f]{64})` \\|$", Pattern.MULTILINE);

    @Test
    void copiedFilesMatchTheReadmeHashTable() throws NoSuchAlgorithmException {
        String readme = new String(UpstreamSchemas.readResource("README.md"), StandardCharsets.UTF_8);
        Map<String, String[]> table = new LinkedHashMap<>();
        Matcher m = TABLE_ROW.matcher(readme);
        while (m.find()) {
            table.put(m.group(1), new String[] {m.group(2), m.group(3)});
        }
        assertEquals(
                Set.of(
                        UpstreamSchemas.KUBERNETES_DEPLOYMENT,
                        UpstreamSchemas.KUBERNETES_SERVICE,
                        UpstreamSchemas.KUBERNETES_NAMESPACE,
                        UpstreamSchemas.KUBERNETES_SERVICE_ACCOUNT,
                        UpstreamSchemas.KUBERNETES_CLUSTER_ROLE,
                        UpstreamSchemas.KUBERNETES_CLUSTER_ROLE_BINDING,
                        UpstreamSchemas.KUBERNETES_ROLE,
                        UpstreamSchemas.KUBERNETES_ROLE_BINDING,
                        UpstreamSchemas.KUBERNETES_CUSTOM_RESOURCE_DEFINITION,
                        "kubernetes/LICENSE",
                        UpstreamSchemas.KEDA_SCALED_OBJECT_CRD,
                        UpstreamSchemas.KEDA_TRIGGER_AUTHENTICATION_CRD),
                table.keySet(),
                "README hash table rows");
        for (Map.Entry<String, String[]> row : table.entrySet()) {
            byte[] bytes = UpstreamSchemas.readResource(row.getKey());
            String sha256 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertEquals(
                    row.getValue()[1],
                    sha256,
                    row.getKey() + " differs from the upstream file recorded in upstream-schemas/README.md;"
                            + " upstream files must not be edited");
            assertEquals(Long.parseLong(row.getValue()[0]), bytes.length, row.getKey() + " size");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // (b) apps/v1 Deployment — Kubernetes v1.31.0 standalone-strict, Draft 4

    private static final String DEPLOYMENT = """
            {
              "apiVersion": "apps/v1",
              "kind": "Deployment",
              "metadata": {"name": "layer", "namespace": "hev", "labels": {"app": "layer"}},
              "spec": {
                "replicas": 2,
                "selector": {"matchLabels": {"app": "layer"}},
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
                "template": {
                  "metadata": {"labels": {"app": "layer"}},
                  "spec": {
                    "containers": [{
                      "name": "layer",
                      "image": "ghcr.io/hev/layer:1.0.0",
                      "ports": [{"name": "http", "containerPort": 8080}],
                      "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"memory": "1Gi"}}
                    }]
                  }
                }
              }
            }
            """;

    @Test
    void minimalDeploymentIsValid() {
        assertEquals(List.of(), UpstreamSchemas.validate(json(DEPLOYMENT)));
        UpstreamSchemas.assertValid(json(DEPLOYMENT));
    }

    @Test
    void deploymentReplicasAsStringFailsAtSpecReplicas() {
        List<String> errors = UpstreamSchemas.validate(mutate(DEPLOYMENT, o -> spec(o).put("replicas", "2")));
        assertHasError(errors, "/spec/replicas: ", "string found");
    }

    @Test
    void deploymentUnknownFieldFails() {
        List<String> errors = UpstreamSchemas.validate(mutate(DEPLOYMENT, o -> spec(o).put("typo", 1)));
        assertHasError(errors, "/spec: ", "'typo'");
    }

    @Test
    void deploymentContainerWithoutNameFails() {
        List<String> errors = UpstreamSchemas.validate(
                mutate(DEPLOYMENT, o -> ((ObjectNode) o.at("/spec/template/spec/containers/0")).remove("name")));
        assertHasError(errors, "/spec/template/spec/containers/0: ", "'name'");
    }

    // ---------------------------------------------------------------------------------------------------------
    // v1 Service — Kubernetes v1.31.0 standalone-strict, Draft 4

    private static final String SERVICE = """
            {
              "apiVersion": "v1",
              "kind": "Service",
              "metadata": {"name": "layer", "namespace": "hev", "labels": {"app": "layer"}},
              "spec": {
                "type": "ClusterIP",
                "selector": {"app": "layer"},
                "ports": [{"name": "http", "protocol": "TCP", "port": 8080, "targetPort": 8080}]
              }
            }
            """;

    @Test
    void minimalServiceIsValid() {
        assertEquals(List.of(), UpstreamSchemas.validate(json(SERVICE)));
    }

    @Test
    void serviceUnknownFieldAndPortAsObjectFail() {
        assertHasError(UpstreamSchemas.validate(mutate(SERVICE, o -> spec(o).put("typo", 1))), "/spec: ", "'typo'");
        assertHasError(
                UpstreamSchemas.validate(mutate(SERVICE, o -> ((ObjectNode) o.at("/spec/ports/0")).putObject("port"))),
                "/spec/ports/0/port: ",
                "object found");
        assertHasError(
                UpstreamSchemas.validate(mutate(SERVICE, o -> ((ObjectNode) o.at("/spec/ports/0")).remove("port"))),
                "/spec/ports/0: ",
                "'port'");
    }

    // ---------------------------------------------------------------------------------------------------------
    // (b) what deploy/ holds: Namespace, ServiceAccount, RBAC, CustomResourceDefinition

    @Test
    void rbacObjectsAreCheckedAgainstTheirSchemas() {
        String role = """
                {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"},
                 "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]}
                """;
        assertEquals(List.of(), UpstreamSchemas.validate(json(role)));
        assertEquals(List.of(), UpstreamSchemas.validate(json(role.replace("ClusterRole", "Role"))));
        assertHasError(UpstreamSchemas.validate(json(role.replace("\"verbs\"", "\"verb\""))), "/rules/0: ", "'verbs'");
        String binding = """
                {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                 "metadata": {"name": "b", "namespace": "x"},
                 "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "r"},
                 "subjects": [{"kind": "ServiceAccount", "name": "s", "namespace": "x"}]}
                """;
        assertEquals(List.of(), UpstreamSchemas.validate(json(binding)));
        assertHasError(
                UpstreamSchemas.validate(json(binding.replace("\"kind\": \"Role\",", ""))), "/roleRef: ", "'kind'");
        assertHasError(
                UpstreamSchemas.validate(json(
                        binding.replace("RoleBinding", "ClusterRoleBinding").replace("\"subjects\"", "\"subject\""))),
                "(root): ",
                "'subject'");
    }

    @Test
    void namespaceServiceAccountAndCrdAreCheckedAgainstTheirSchemas() {
        assertEquals(
                List.of(),
                UpstreamSchemas.validate(
                        json("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"n\"}}")));
        assertHasError(
                UpstreamSchemas.validate(
                        json("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": 1}}")),
                "/metadata/name: ",
                "integer found");
        assertHasError(
                UpstreamSchemas.validate(
                        json("{\"apiVersion\": \"v1\", \"kind\": \"ServiceAccount\", \"metadata\": {\"name\": \"s\"},"
                                + " \"automountServiceAccountToken\": \"no\"}")),
                "/automountServiceAccountToken: ",
                "string found");
        String crd = """
                {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                 "metadata": {"name": "things.example.com"},
                 "spec": {"group": "example.com", "scope": "Namespaced",
                  "names": {"plural": "things", "kind": "Thing"},
                  "versions": [{"name": "v1", "served": true, "storage": true,
                                "schema": {"openAPIV3Schema": {"type": "object"}}}]}}
                """;
        assertEquals(List.of(), UpstreamSchemas.validate(json(crd)));
        assertHasError(
                UpstreamSchemas.validate(json(crd.replace("\"served\"", "\"serve\""))),
                "/spec/versions/0: ",
                "'serve'");
    }

    // ---------------------------------------------------------------------------------------------------------
    // (b) keda.sh/v1alpha1 ScaledObject — KEDA v2.20.2 CRD, strict + CEL rule by hand

    private static final String SCALED_OBJECT = """
            {
              "apiVersion": "keda.sh/v1alpha1",
              "kind": "ScaledObject",
              "metadata": {"name": "layer", "namespace": "hev"},
              "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "layer"},
                "minReplicaCount": 0,
                "maxReplicaCount": 8,
                "pollingInterval": 15,
                "cooldownPeriod": 300,
                "triggers": [{
                  "type": "prometheus",
                  "metadata": {
                    "serverAddress": "http://prometheus.monitoring.svc:9090",
                    "query": "sum(rate(layer_requests_total[1m]))",
                    "threshold": "100",
                    "activationThreshold": "1",
                    "authModes": "bearer"
                  },
                  "authenticationRef": {"name": "layer", "kind": "TriggerAuthentication"}
                }]
              }
            }
            """;

    @Test
    void scaledObjectIsValid() {
        assertEquals(List.of(), UpstreamSchemas.validate(json(SCALED_OBJECT)));
        UpstreamSchemas.assertValid(json(SCALED_OBJECT));
    }

    @Test
    void scaledObjectUnknownFieldFails() {
        List<String> errors = UpstreamSchemas.validate(mutate(SCALED_OBJECT, o -> spec(o).put("bogus", true)));
        assertHasError(errors, "/spec: ", "'bogus'");
    }

    @Test
    void scaledObjectNestedTypoFails() {
        List<String> errors = UpstreamSchemas.validate(mutate(SCALED_OBJECT, o -> {
            ObjectNode ref = (ObjectNode) o.at("/spec/triggers/0/authenticationRef");
            ref.put("nmae", ref.remove("name").asText());
        }));
        assertHasError(errors, "/spec/triggers/0/authenticationRef: ", "'nmae'");
        assertHasError(errors, "/spec/triggers/0/authenticationRef: ", "'name'");
    }

    @Test
    void scaledObjectTriggerMetadataMustBeStrings() {
        List<String> errors = UpstreamSchemas.validate(
                mutate(SCALED_OBJECT, o -> ((ObjectNode) o.at("/spec/triggers/0/metadata")).put("threshold", 100)));
        assertHasError(errors, "/spec/triggers/0/metadata/threshold: ", "integer found");
    }

    @Test
    void scaledObjectWithoutTriggersFails() {
        List<String> errors = UpstreamSchemas.validate(mutate(SCALED_OBJECT, o -> spec(o).putArray("triggers")));
        assertHasError(errors, "/spec/triggers: ", "at least 1");
    }

    @Test
    void scaledObjectMinAboveMaxFails() {
        List<String> errors = UpstreamSchemas.validate(mutate(SCALED_OBJECT, o -> spec(o).put("minReplicaCount", 9)));
        assertEquals(1, errors.size(), errors::toString);
        assertHasError(errors, "/spec: ", "minReplicaCount must be less than or equal to maxReplicaCount");
    }

    @Test
    void scaledObjectCelRuleDefaultsMaxTo100() {
        ObjectNode withoutMax = mutate(SCALED_OBJECT, o -> spec(o).remove("maxReplicaCount"));
        assertEquals(List.of(), UpstreamSchemas.validate(withoutMax));
        List<String> errors = UpstreamSchemas.validate(mutate(SCALED_OBJECT, o -> {
            spec(o).remove("maxReplicaCount");
            spec(o).put("minReplicaCount", 101);
        }));
        assertHasError(errors, "/spec: ", "minReplicaCount must be less than or equal to maxReplicaCount");
    }

    @Test
    void scaledObjectNegativeMinFails() {
        List<String> errors = UpstreamSchemas.validate(mutate(SCALED_OBJECT, o -> spec(o).put("minReplicaCount", -1)));
        assertHasError(errors, "/spec/minReplicaCount: ", "minimum");
    }

    // ---------------------------------------------------------------------------------------------------------
    // (b) keda.sh/v1alpha1 TriggerAuthentication

    private static final String TRIGGER_AUTHENTICATION = """
            {
              "apiVersion": "keda.sh/v1alpha1",
              "kind": "TriggerAuthentication",
              "metadata": {"name": "layer", "namespace": "hev"},
              "spec": {
                "secretTargetRef": [{"parameter": "bearerToken", "name": "layer", "key": "turbopuffer-api-key"}]
              }
            }
            """;

    @Test
    void triggerAuthenticationIsValid() {
        assertEquals(List.of(), UpstreamSchemas.validate(json(TRIGGER_AUTHENTICATION)));
    }

    @Test
    void triggerAuthenticationMisspeltFieldFails() {
        List<String> errors = UpstreamSchemas.validate(mutate(
                TRIGGER_AUTHENTICATION, o -> spec(o).set("secretTargetRefs", spec(o).remove("secretTargetRef"))));
        assertHasError(errors, "/spec: ", "'secretTargetRefs'");
    }

    @Test
    void triggerAuthenticationSecretRefWithoutKeyFails() {
        List<String> errors = UpstreamSchemas.validate(
                mutate(TRIGGER_AUTHENTICATION, o -> ((ObjectNode) o.at("/spec/secretTargetRef/0")).remove("key")));
        assertHasError(errors, "/spec/secretTargetRef/0: ", "'key'");
    }

    // ---------------------------------------------------------------------------------------------------------
    // dispatch and assertValid

    @Test
    void unknownKindFails() {
        List<String> errors = UpstreamSchemas.validate(json(
                "{\"apiVersion\": \"keda.sh/v1alpha1\", \"kind\": \"ScaledJob\", \"metadata\": {\"name\": \"x\"}}"));
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("no upstream schema"), errors::toString);
        assertTrue(errors.get(0).contains("ScaledJob"), errors::toString);

        assertEquals(
                1,
                UpstreamSchemas.validate(json("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}"))
                        .size());
        assertEquals(1, UpstreamSchemas.validate(jsonAny("[]")).size());
        assertEquals(1, UpstreamSchemas.validate(null).size());
    }

    @Test
    void assertValidListsAllErrorsWithKindAndName() {
        ObjectNode bad = mutate(DEPLOYMENT, o -> {
            spec(o).put("replicas", "2");
            spec(o).put("typo", 1);
        });
        AssertionError e = assertThrows(AssertionError.class, () -> UpstreamSchemas.assertValid(bad));
        String msg = e.getMessage();
        assertTrue(msg.contains("Deployment hev/layer"), msg);
        assertTrue(msg.contains("/spec/replicas: "), msg);
        assertTrue(msg.contains("'typo'"), msg);
    }

    @Test
    void validateIsSafeToCallConcurrently() {
        List<String> expected = UpstreamSchemas.validate(mutate(SCALED_OBJECT, o -> spec(o).put("bogus", 1)));
        long mismatches = java.util.stream.IntStream.range(0, 300)
                .parallel()
                .mapToObj(i -> switch (i % 3) {
                    case 0 -> UpstreamSchemas.validate(json(DEPLOYMENT)).isEmpty();
                    case 1 ->
                        UpstreamSchemas.validate(json(TRIGGER_AUTHENTICATION)).isEmpty();
                    default ->
                        UpstreamSchemas.validate(mutate(SCALED_OBJECT, o -> spec(o).put("bogus", 1)))
                                .equals(expected);
                })
                .filter(ok -> !ok)
                .count();
        assertEquals(0, mismatches);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static ObjectNode json(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node.isObject() ? (ObjectNode) node : null;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode jsonAny(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode mutate(String base, Consumer<ObjectNode> change) {
        ObjectNode copy = json(base);
        change.accept(copy);
        return copy;
    }

    private static ObjectNode spec(ObjectNode object) {
        return (ObjectNode) object.get("spec");
    }

    private static void assertHasError(List<String> errors, String locationPrefix, String text) {
        assertFalse(errors.isEmpty(), "expected at least one error at " + locationPrefix);
        assertTrue(
                errors.stream().anyMatch(e -> e.startsWith(locationPrefix) && e.contains(text)),
                () -> "expected an error starting with '" + locationPrefix + "' containing '" + text + "', got "
                        + errors);
    }
}
