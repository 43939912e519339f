package com.hevlayer.layerrender.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hevlayer.layerrender.cli.InProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Negative properties of the pod rules (issue 14), through the CLI: a valid generated input whose
 * Pipeline gets one violation of a pod rule in its worker.podSpec (a Pod Security Standards control at
 * baseline, a pool containment rule, an API-server rule) is always refused, exit 1, with a message
 * naming the podSpec field and the rule. Every rule of the catalogue is drawn across the cases.
 */
class PodSpecRulesPropertiesTest {
    @TempDir
    static Path dir;

    /** One rule: how to break it in a patch (given the pool), and the words its message must contain. */
    record Rule(String name, BiConsumer<ObjectNode, ObjectNode> breakIt, String says) {}

    static ObjectNode sidecar(ObjectNode patch) {
        ArrayNode cs = patch.has("containers") && patch.get("containers").isArray()
                ? (ArrayNode) patch.get("containers")
                : patch.putArray("containers");
        return cs.addObject().put("name", "rule-sidecar").put("image", "busybox:1.36");
    }

    static final List<Rule> RULES = List.of(
            new Rule("host network", (p, pool) -> p.put("hostNetwork", true), "control \"Host Namespaces\""),
            new Rule("host PID", (p, pool) -> p.put("hostPID", true), "control \"Host Namespaces\""),
            new Rule(
                    "privileged",
                    (p, pool) -> sidecar(p).putObject("securityContext").put("privileged", true),
                    "control \"Privileged Containers\""),
            new Rule(
                    "capability",
                    (p, pool) -> sidecar(p)
                            .putObject("securityContext")
                            .putObject("capabilities")
                            .putArray("add")
                            .add("SYS_ADMIN"),
                    "control \"Capabilities\""),
            new Rule(
                    "hostPath",
                    (p, pool) -> p.putArray("volumes")
                            .addObject()
                            .put("name", "host")
                            .putObject("hostPath")
                            .put("path", "/"),
                    "control \"HostPath Volumes\""),
            new Rule(
                    "host port",
                    (p, pool) -> sidecar(p)
                            .putArray("ports")
                            .addObject()
                            .put("containerPort", 80)
                            .put("hostPort", 80),
                    "control \"Host Ports\""),
            new Rule(
                    "nodeName",
                    (p, pool) -> p.put("nodeName", "node-1"),
                    "nodeName: is not allowed (layer-render rule"),
            new Rule(
                    "runtime class",
                    (p, pool) -> p.put("runtimeClassName", "kata"),
                    "runtimeClassName: is not allowed"),
            new Rule(
                    "tolerate everything",
                    (p, pool) -> {
                        ArrayNode t = p.putArray("tolerations");
                        pool.path("tolerations").forEach(x -> t.add(x.deepCopy()));
                        t.addObject().put("operator", "Exists");
                    },
                    "tolerates every taint"),
            new Rule(
                    "extended resource",
                    (p, pool) -> sidecar(p)
                            .putObject("resources")
                            .putObject("limits")
                            .put("example.com/never-offered", "1"),
                    "which pool"), // no generated pool offers it
            new Rule("restartPolicy", (p, pool) -> p.put("restartPolicy", "Never"), "supported values: \"Always\""),
            new Rule(
                    "activeDeadlineSeconds",
                    (p, pool) -> p.put("activeDeadlineSeconds", 60),
                    "activeDeadlineSeconds in ReplicaSet"),
            new Rule("container name", (p, pool) -> sidecar(p).put("name", "Side_Car"), "a lowercase RFC 1123 label"),
            new Rule(
                    "system priority",
                    (p, pool) -> p.put("priorityClassName", "system-cluster-critical"),
                    "system- priority classes"),
            new Rule(
                    "seccomp",
                    (p, pool) -> sidecar(p)
                            .putObject("securityContext")
                            .putObject("seccompProfile")
                            .put("type", "Unconfined"),
                    "control \"Seccomp\""),
            new Rule(
                    "AppArmor",
                    (p, pool) -> sidecar(p)
                            .putObject("securityContext")
                            .putObject("appArmorProfile")
                            .put("type", "Unconfined"),
                    "control \"AppArmor\""),
            new Rule(
                    "SELinux",
                    (p, pool) -> sidecar(p)
                            .putObject("securityContext")
                            .putObject("seLinuxOptions")
                            .put("type", "spc_t"),
                    "control \"SELinux\""),
            new Rule(
                    "/proc",
                    (p, pool) -> sidecar(p).putObject("securityContext").put("procMount", "Unmasked"),
                    "control \"/proc Mount Type\""),
            new Rule(
                    "sysctl",
                    (p, pool) -> {
                        JsonNode sc = p.get("securityContext");
                        ObjectNode pod = sc instanceof ObjectNode o ? o : p.putObject("securityContext");
                        pod.putArray("sysctls")
                                .addObject()
                                .put("name", "kernel.msgmax")
                                .put("value", "65536");
                    },
                    "control \"Sysctls\""),
            new Rule(
                    "env name",
                    (p, pool) -> sidecar(p)
                            .putArray("env")
                            .addObject()
                            .put("name", "1BAD")
                            .put("value", "x"),
                    "a valid environment variable name"),
            new Rule(
                    "volume mount",
                    (p, pool) -> sidecar(p)
                            .putArray("volumeMounts")
                            .addObject()
                            .put("name", "nowhere")
                            .put("mountPath", "/x"),
                    "Not found: \"nowhere\""),
            new Rule(
                    "requests above limits",
                    (p, pool) -> {
                        ObjectNode res = sidecar(p).putObject("resources");
                        res.putObject("requests").put("cpu", "2m");
                        res.putObject("limits").put("cpu", "1m");
                    },
                    "must be less than or equal to cpu limit"),
            new Rule(
                    "ephemeral containers",
                    (p, pool) -> p.putArray("ephemeralContainers")
                            .addObject()
                            .put("name", "dbg")
                            .put("image", "busybox"),
                    "ephemeralContainers: Forbidden"),
            new Rule(
                    "Secret name",
                    (p, pool) -> sidecar(p)
                            .putArray("env")
                            .addObject()
                            .put("name", "T")
                            .putObject("valueFrom")
                            .putObject("secretKeyRef")
                            .put("name", "Bad_Name")
                            .put("key", "k"),
                    "a lowercase RFC 1123 subdomain"));

    record Case(Rule rule, String text, Scenario base) {
        @Override
        public String toString() {
            return "rule: " + rule.name() + " (expect \"" + rule.says() + "\")\n" + text;
        }
    }

    static Case generate(Random r) {
        Gen g = new Gen(r);
        Gen.WithPipeline w = g.scenarioWithPipeline();
        Scenario s = w.scenario();
        ObjectNode p = w.pipeline();
        ObjectNode pool = Oracle.chosenPool(p, Oracle.pools(s.docs()));
        ObjectNode worker = (ObjectNode) p.get("spec").get("worker");
        ObjectNode patch = worker.get("podSpec") instanceof ObjectNode o ? o : worker.putObject("podSpec");
        patch.remove(List.of(
                "hostNetwork",
                "hostPID",
                "nodeName",
                "runtimeClassName",
                "restartPolicy",
                "activeDeadlineSeconds",
                "priorityClassName"));
        Rule rule = RULES.get(r.nextInt(RULES.size()));
        boolean poolToleratesEverything = false;
        for (JsonNode t : pool.path("tolerations")) {
            poolToleratesEverything |= "Exists".equals(t.path("operator").asText())
                    && t.path("key").asText("").isEmpty();
        }
        if (rule.name().equals("tolerate everything") && poolToleratesEverything) {
            rule = RULES.get(0); // the platform's pool already tolerates every taint: nothing to escape from
        }
        rule.breakIt().accept(patch, pool);
        return new Case(rule, s.text(), s);
    }

    static void check(Case c) throws Exception {
        Path file = dir.resolve("in.yaml");
        Files.writeString(file, c.text(), StandardCharsets.UTF_8);
        List<String> args = c.base().args("render");
        args.set(1, file.toString());
        java.util.Map<String, String> env = new java.util.HashMap<>(c.base().env());
        env.remove("POD_SECURITY_LEVEL"); // baseline, the default
        InProcess.Result run = InProcess.run(new byte[0], env, args.toArray(String[]::new));
        assertEquals(1, run.code(), "exit code; stderr:\n" + run.err());
        assertEquals("", run.out(), "stdout");
        boolean named = run.err()
                .lines()
                .anyMatch(l ->
                        l.contains("spec.worker.podSpec") && l.contains(c.rule().says()));
        assertTrue(named, "no message names the podSpec field and \"" + c.rule().says() + "\":\n" + run.err());
    }

    @Test
    void everyBrokenPodRuleIsRefusedAtThePatch() {
        int n = Property.forAll(
                "pod rules", PodSpecRulesPropertiesTest::generate, c -> List.of(), PodSpecRulesPropertiesTest::check);
        assertTrue(n >= 1);
    }
}
