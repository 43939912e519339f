package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.testing.Launcher;
import com.hevlayer.layerrender.yaml.Limits;
import com.hevlayer.layerrender.yaml.SourceDoc;
import com.hevlayer.layerrender.yaml.YamlLoader;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's install command, {@code kubectl apply -k deploy/}, run with this machine's real kubectl against
 * the project's stand-in for a cluster: fabric8's mock API server in CRUD mode ({@link MockApiServer}), serving
 * the discovery documents kubectl reads for the kinds deploy/ holds. What the mock does not check that a real
 * API server would is listed in docs/fidelity.md §8.
 *
 * <p>kubectl runs with {@code --validate=false}: its default ({@code strict}) first asks the server's OpenAPI
 * document whether it supports server-side field validation and otherwise validates on the client against that
 * document; the mock serves no OpenAPI document. The schema check is done instead, against the upstream
 * Kubernetes schemas, by {@code DeployManifestsTest} (every object of the kustomize build).
 */
class KubectlApplyDeployTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** group/version, plural, kind, namespaced: the kinds deploy/ holds, as an API server's discovery lists them. */
    private record Kind(String groupVersion, String plural, String kind, boolean namespaced) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("v1", "namespaces", "Namespace", false),
            new Kind("v1", "serviceaccounts", "ServiceAccount", true),
            new Kind("apps/v1", "deployments", "Deployment", true),
            new Kind("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", false),
            new Kind("rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", false),
            new Kind("rbac.authorization.k8s.io/v1", "roles", "Role", true),
            new Kind("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding", true),
            new Kind("apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition", false));

    @Test
    void kubectlApplyKDeployCreatesEveryObjectAndASecondApplyIsAccepted(@TempDir Path tmp) throws Exception {
        String kubectl = kubectl();
        Assumptions.assumeTrue(
                kubectl != null, "kubectl not found on PATH: `kubectl apply -k deploy/` is not tested (CI has it)");
        try (MockApiServer api = new MockApiServer()) {
            serveDiscovery(api);
            Path kubeconfig = writeKubeconfig(tmp, api.url());
            Path deploy = Path.of("deploy").toAbsolutePath();

            Launcher.Result dry =
                    kubectl(kubectl, tmp, kubeconfig, "apply", "-k", deploy.toString(), "--dry-run=client");
            assertEquals(0, dry.code(), "kubectl apply -k deploy/ --dry-run=client:\n" + dry.err() + dry.out());
            assertTrue(api.writes().isEmpty(), "a client dry run writes nothing: " + api.writes());

            List<JsonNode> expected = kustomizeBuild(kubectl, tmp, kubeconfig, deploy);
            Set<String> expectedLines = new TreeSet<>();
            for (JsonNode o : expected) {
                expectedLines.add(line(o, "created (dry run)"));
            }
            assertEquals(expectedLines, outputLines(dry.out()), "the dry run names every object");

            Launcher.Result first = kubectl(kubectl, tmp, kubeconfig, "apply", "-k", deploy.toString());
            assertEquals(0, first.code(), "kubectl apply -k deploy/:\n" + first.err() + first.out());
            Set<String> created = new TreeSet<>();
            for (JsonNode o : expected) {
                created.add(line(o, "created"));
            }
            assertEquals(created, outputLines(first.out()), "the first apply creates every object");

            try (KubernetesClient client = api.client()) {
                for (JsonNode o : expected) {
                    String ns = o.path("metadata").path("namespace").asText("");
                    var op = client.genericKubernetesResources(
                            o.path("apiVersion").asText(), o.path("kind").asText());
                    GenericKubernetesResource stored = (ns.isEmpty() ? op : op.inNamespace(ns))
                            .withName(o.path("metadata").path("name").asText())
                            .get();
                    assertTrue(stored != null, "not on the server after apply: " + line(o, ""));
                    assertTrue(
                            stored.getMetadata()
                                    .getAnnotations()
                                    .containsKey("kubectl.kubernetes.io/last-applied-configuration"),
                            "client-side apply records what it applied: " + line(o, ""));
                }
            }

            api.clearRequests();
            Launcher.Result second = kubectl(kubectl, tmp, kubeconfig, "apply", "-k", deploy.toString());
            assertEquals(0, second.code(), "a second kubectl apply -k deploy/:\n" + second.err() + second.out());
            Set<String> unchanged = new TreeSet<>();
            for (JsonNode o : expected) {
                unchanged.add(line(o, "unchanged"));
            }
            assertEquals(unchanged, outputLines(second.out()), "a second apply changes nothing");
            assertTrue(api.writes().isEmpty(), "a second apply writes nothing: " + api.writes());
        }
    }

    /** kubectl on PATH, or null. */
    static String kubectl() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "kubectl"))) {
                return Path.of(d, "kubectl").toString();
            }
        }
        return null;
    }

    /**
     * kubectl with the test's kubeconfig and a discovery cache of its own (so nothing is read from, or left in,
     * the developer's ~/.kube), HOME in the temp folder for the same reason.
     */
    private static Launcher.Result kubectl(String kubectl, Path tmp, Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                kubectl,
                "--kubeconfig",
                kubeconfig.toString(),
                "--cache-dir",
                tmp.resolve("cache").toString(),
                "--request-timeout=60s"));
        command.addAll(List.of(args));
        if (args[0].equals("apply")) {
            command.add("--validate=false"); // no OpenAPI document on the mock: see the class comment
        }
        return Launcher.run(
                command,
                Path.of("").toAbsolutePath(),
                Map.of("HOME", tmp.toString(), "KUBECONFIG", kubeconfig.toString()));
    }

    /** What kubectl's own kustomize makes of deploy/: the objects the applies must name. */
    private static List<JsonNode> kustomizeBuild(String kubectl, Path tmp, Path kubeconfig, Path deploy)
            throws Exception {
        Launcher.Result r = kubectl(kubectl, tmp, kubeconfig, "kustomize", deploy.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> objects = new ArrayList<>();
        for (SourceDoc d : new YamlLoader(Limits.DEFAULT).load("kubectl kustomize deploy", r.out())) {
            objects.add(d.root());
        }
        Set<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.path("kind").asText()));
        Set<String> served = new TreeSet<>();
        KINDS.forEach(k -> served.add(k.kind()));
        assertEquals(served, kinds, "the discovery served here lists exactly the kinds deploy/ holds");
        return objects;
    }

    /** kubectl's line for one object: {@code kind.group/name verb} (group omitted for the core group). */
    private static String line(JsonNode o, String verb) {
        String apiVersion = o.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return (o.path("kind").asText().toLowerCase() + group + "/"
                        + o.path("metadata").path("name").asText() + " " + verb)
                .trim();
    }

    private static Set<String> outputLines(String out) {
        Set<String> lines = new TreeSet<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                lines.add(l.trim());
            }
        }
        return lines;
    }

    private static Path writeKubeconfig(Path dir, String url) throws Exception {
        Config config = new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster()
                .withName("mock")
                .withNewCluster()
                .withServer(url)
                .endCluster()
                .endCluster()
                .addNewUser()
                .withName("mock")
                .withNewUser()
                .withToken("mock")
                .endUser()
                .endUser()
                .addNewContext()
                .withName("mock")
                .withNewContext()
                .withCluster("mock")
                .withUser("mock")
                .endContext()
                .endContext()
                .withCurrentContext("mock")
                .build();
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, Serialization.asYaml(config));
        return file;
    }

    /** The legacy discovery documents (kubectl falls back to them when aggregated discovery is not offered). */
    private static void serveDiscovery(MockApiServer api) {
        Map<String, List<Kind>> byGroupVersion = new LinkedHashMap<>();
        for (Kind k : KINDS) {
            byGroupVersion
                    .computeIfAbsent(k.groupVersion(), gv -> new ArrayList<>())
                    .add(k);
        }
        ObjectNode versions = F.objectNode().put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        versions.putArray("serverAddressByClientCIDRs");
        api.serve("/api", versions);
        ObjectNode groups = F.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode list = groups.putArray("groups");
        for (Map.Entry<String, List<Kind>> e : byGroupVersion.entrySet()) {
            String gv = e.getKey();
            ObjectNode resources = F.objectNode()
                    .put("kind", "APIResourceList")
                    .put("apiVersion", "v1")
                    .put("groupVersion", gv);
            ArrayNode rs = resources.putArray("resources");
            for (Kind k : e.getValue()) {
                ObjectNode r = rs.addObject()
                        .put("name", k.plural())
                        .put("singularName", k.kind().toLowerCase())
                        .put("namespaced", k.namespaced())
                        .put("kind", k.kind());
                ArrayNode verbs = r.putArray("verbs");
                List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
                        .forEach(verbs::add);
            }
            if (gv.contains("/")) {
                api.serve("/apis/" + gv, resources);
                String group = gv.substring(0, gv.indexOf('/'));
                String version = gv.substring(gv.indexOf('/') + 1);
                ObjectNode g = list.addObject().put("name", group);
                ObjectNode v = F.objectNode().put("groupVersion", gv).put("version", version);
                g.putArray("versions").add(v);
                g.set("preferredVersion", v.deepCopy());
            } else {
                api.serve("/api/" + gv, resources);
            }
        }
        api.serve("/apis", groups);
    }
}
