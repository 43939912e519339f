package com.hevlayer.layerrender.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.hevlayer.layerrender.validate.PodSecurity.Finding;
import com.hevlayer.layerrender.validate.PodSecurity.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A table per Pod Security Standards control (kubernetes.io "Pod Security Standards", v1.36, and
 * k8s.io/pod-security-admission v0.36's checks). Each row: a pod spec in YAML flow style (for the
 * restricted tables, an overlay on a compliant pod spec), the level, and the one finding expected
 * (pointer and control) or {@code -} for none.
 */
class PodSecurityTest {
    private static final ObjectMapper YAML = new YAMLMapper();

    private static JsonNode yaml(String s) {
        try {
            return YAML.readTree(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** Checks {@code spec} at {@code level} and asserts exactly the expected finding, or none for "-". */
    private static void expect(JsonNode spec, String level, String pointer, String control) {
        Level l = Level.parse(level).orElseThrow();
        List<Finding> got = PodSecurity.check(spec, l);
        if (pointer.equals("-")) {
            assertEquals(List.of(), got, spec.toString());
            return;
        }
        assertEquals(1, got.size(), spec + " -> " + got);
        assertEquals(pointer, got.get(0).pointer(), got.toString());
        assertEquals(control, got.get(0).control(), got.toString());
        String m = got.get(0).message();
        assertTrue(m.contains("at Pod Security level " + level + " (control \"" + control + "\"; "), m);
        assertTrue(m.contains(", or set the pod security level to "), m);
    }

    private static void row(String spec, String level, String pointer, String control) {
        expect(yaml(spec), level, pointer, control);
    }

    // --- levels ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "privileged | PRIVILEGED",
                "baseline | BASELINE",
                "restricted | RESTRICTED",
                "Baseline | -",
                "' baseline' | -",
                "'' | -",
                "NULL | -",
                "default | -",
            })
    void levelsParse(String s, String want) {
        assertEquals(want.equals("-") ? Optional.empty() : Optional.of(Level.valueOf(want)), Level.parse(s));
    }

    /** Privileged is the absence of restrictions: a pod spec that breaks every control passes. */
    @Test
    void privilegedAcceptsEverything() {
        JsonNode worst = yaml("""
                hostNetwork: true
                hostPID: true
                hostIPC: true
                hostUsers: true
                securityContext:
                  runAsUser: 0
                  runAsNonRoot: false
                  seccompProfile: {type: Unconfined}
                  appArmorProfile: {type: Unconfined}
                  seLinuxOptions: {type: spc_t, user: root, role: sysadm_r}
                  sysctls: [{name: kernel.msgmax, value: "1"}]
                  windowsOptions: {hostProcess: true}
                volumes: [{name: h, hostPath: {path: /}}, {name: n, nfs: {server: s, path: /}}]
                containers:
                - name: c
                  image: x
                  ports: [{containerPort: 80, hostPort: 80}]
                  livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}
                  securityContext:
                    privileged: true
                    allowPrivilegeEscalation: true
                    procMount: Unmasked
                    capabilities: {add: [SYS_ADMIN]}
                """);
        assertEquals(List.of(), PodSecurity.check(worst, Level.PRIVILEGED));
        assertFalse(PodSecurity.check(worst, Level.BASELINE).isEmpty());
        assertTrue(PodSecurity.check(worst, Level.RESTRICTED).size()
                > PodSecurity.check(worst, Level.BASELINE).size());
    }

    /** The pod spec layer-render renders by default (golden case pool-derived-cpu-default) passes baseline. */
    @Test
    void baselineAcceptsTheDefaultRender() throws IOException {
        JsonNode podSpec = null;
        String text = Files.readString(Path.of("golden/pool-derived-cpu-default/expected.yaml"));
        try (var parser = new YAMLFactory().createParser(text)) {
            Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode d = docs.next();
                if ("Deployment".equals(d.path("kind").asText())) {
                    podSpec = d.path("spec").path("template").path("spec");
                }
            }
        }
        assertTrue(podSpec != null
                && podSpec.path("containers").path(0).path("name").asText().equals("worker"));
        assertTrue(podSpec.has("nodeSelector") && podSpec.has("tolerations"), podSpec.toString());
        assertEquals(List.of(), PodSecurity.check(podSpec, Level.BASELINE));
        // and restricted asks for what the default leaves out
        List<String> controls = PodSecurity.check(podSpec, Level.RESTRICTED).stream()
                .map(Finding::control)
                .toList();
        assertEquals(List.of("Capabilities", "Seccomp", "Privilege Escalation", "Running as Non-root"), controls);
    }

    @Test
    void messageNamesTheLevelAndTheWayOut() {
        List<Finding> f = PodSecurity.check(yaml("{hostNetwork: true}"), Level.BASELINE);
        assertEquals(
                List.of(new Finding(
                        "/hostNetwork",
                        "Host Namespaces",
                        "hostNetwork: true is not allowed at Pod"
                                + " Security level baseline (control \"Host Namespaces\"; remove it, or set the pod security level to"
                                + " privileged)")),
                f);
        Finding r = PodSecurity.check(
                        yaml(
                                "{securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}, containers: [{name: w,"
                                        + " securityContext: {allowPrivilegeEscalation: true, capabilities: {drop: [ALL]}}}]}"),
                        Level.RESTRICTED)
                .get(0);
        assertEquals("Privilege Escalation", r.control());
        assertTrue(r.message().endsWith("set it to false, or set the pod security level to baseline)"), r.message());
        assertTrue(r.message().contains("container \"w\""), r.message());
    }

    // --- baseline controls ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} @{1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{} | baseline | - | -",
                "{hostNetwork: false, hostPID: false, hostIPC: false} | baseline | - | -",
                "{hostNetwork: true} | baseline | /hostNetwork | Host Namespaces",
                "{hostPID: true} | baseline | /hostPID | Host Namespaces",
                "{hostIPC: true} | baseline | /hostIPC | Host Namespaces",
                "{hostNetwork: \"true\"} | baseline | - | -",
                "{hostNetwork: true} | privileged | - | -",
            })
    void hostNamespaces(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{securityContext: {windowsOptions: {hostProcess: false}}} | baseline | - | -",
                "{securityContext: {windowsOptions: {hostProcess: true}}} | baseline | /securityContext/windowsOptions/hostProcess | HostProcess",
                "{containers: [{name: a, securityContext: {windowsOptions: {hostProcess: true}}}]} | baseline | /containers/0/securityContext/windowsOptions/hostProcess | HostProcess",
                "{containers: [{name: a, securityContext: {windowsOptions: {hostProcess: \"true\"}}}]} | baseline | - | -",
            })
    void hostProcess(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [{name: a}]} | baseline | - | -",
                "{containers: [{name: a, securityContext: {privileged: false}}]} | baseline | - | -",
                "{containers: [{name: a}, {name: b, securityContext: {privileged: true}}]} | baseline | /containers/1/securityContext/privileged | Privileged Containers",
                "{initContainers: [{name: i, securityContext: {privileged: true}}]} | baseline | /initContainers/0/securityContext/privileged | Privileged Containers",
                "{ephemeralContainers: [{name: e, securityContext: {privileged: true}}]} | baseline | /ephemeralContainers/0/securityContext/privileged | Privileged Containers",
                "{containers: [{name: a, securityContext: {privileged: \"true\"}}]} | baseline | - | -",
                "{containers: [{name: a, securityContext: {privileged: true}}]} | privileged | - | -",
            })
    void privilegedContainers(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [{name: a, securityContext: {capabilities: {add: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]}}}]} | baseline | - | -",
                "{containers: [{name: a, securityContext: {capabilities: {drop: [ALL]}}}]} | baseline | - | -",
                "{containers: [{name: a, securityContext: {capabilities: {add: [CHOWN, NET_RAW]}}}]} | baseline | /containers/0/securityContext/capabilities/add/1 | Capabilities",
                "{containers: [{name: a, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]} | baseline | /containers/0/securityContext/capabilities/add/0 | Capabilities",
                "{initContainers: [{name: a, securityContext: {capabilities: {add: [NET_ADMIN]}}}]} | baseline | /initContainers/0/securityContext/capabilities/add/0 | Capabilities",
                "{ephemeralContainers: [{name: a, securityContext: {capabilities: {add: [SYS_PTRACE]}}}]} | baseline | /ephemeralContainers/0/securityContext/capabilities/add/0 | Capabilities",
                "{containers: [{name: a, securityContext: {capabilities: {add: [chown]}}}]} | baseline | /containers/0/securityContext/capabilities/add/0 | Capabilities",
                "{containers: [{name: a, securityContext: {capabilities: {add: [7]}}}]} | baseline | - | -",
            })
    void capabilitiesBaseline(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{volumes: [{name: a, emptyDir: {}}, {name: b, nfs: {server: s, path: /}}]} | baseline | - | -",
                "{volumes: [{name: a, emptyDir: {}}, {name: b, hostPath: {path: /var/run}}]} | baseline | /volumes/1/hostPath | HostPath Volumes",
                "{volumes: [{name: b, hostPath: /var/run}]} | baseline | - | -",
            })
    void hostPathVolumes(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [{name: a, ports: [{containerPort: 80}]}]} | baseline | - | -",
                "{containers: [{name: a, ports: [{containerPort: 80, hostPort: 0}]}]} | baseline | - | -",
                "{containers: [{name: a, ports: [{containerPort: 80}, {containerPort: 81, hostPort: 8081}]}]} | baseline | /containers/0/ports/1/hostPort | Host Ports",
                "{initContainers: [{name: a, ports: [{containerPort: 80, hostPort: 80}]}]} | baseline | /initContainers/0/ports/0/hostPort | Host Ports",
                "{containers: [{name: a, ports: [{containerPort: 80, hostPort: \"80\"}]}]} | baseline | - | -",
            })
    void hostPorts(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [{name: a, livenessProbe: {httpGet: {port: 80}}, readinessProbe: {tcpSocket: {port: 80, host: \"\"}}}]} | baseline | - | -",
                "{containers: [{name: a, livenessProbe: {httpGet: {port: 80, host: 10.0.0.1}}}]} | baseline | /containers/0/livenessProbe/httpGet/host | Host Probes / Lifecycle Hooks",
                "{containers: [{name: a, readinessProbe: {tcpSocket: {port: 80, host: node}}}]} | baseline | /containers/0/readinessProbe/tcpSocket/host | Host Probes / Lifecycle Hooks",
                "{containers: [{name: a, startupProbe: {httpGet: {port: 80, host: node}}}]} | baseline | /containers/0/startupProbe/httpGet/host | Host Probes / Lifecycle Hooks",
                "{initContainers: [{name: a, lifecycle: {postStart: {httpGet: {port: 80, host: node}}}}]} | baseline | /initContainers/0/lifecycle/postStart/httpGet/host | Host Probes / Lifecycle Hooks",
                "{containers: [{name: a, lifecycle: {preStop: {tcpSocket: {port: 80, host: node}}}}]} | baseline | /containers/0/lifecycle/preStop/tcpSocket/host | Host Probes / Lifecycle Hooks",
            })
    void hostProbesAndLifecycleHooks(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{securityContext: {appArmorProfile: {type: RuntimeDefault}}} | baseline | - | -",
                "{containers: [{name: a, securityContext: {appArmorProfile: {type: Localhost, localhostProfile: p}}}]} | baseline | - | -",
                "{securityContext: {appArmorProfile: {type: Unconfined}}} | baseline | /securityContext/appArmorProfile/type | AppArmor",
                "{containers: [{name: a, securityContext: {appArmorProfile: {type: Unconfined}}}]} | baseline | /containers/0/securityContext/appArmorProfile/type | AppArmor",
                "{ephemeralContainers: [{name: a, securityContext: {appArmorProfile: {type: Unconfined}}}]} | baseline | /ephemeralContainers/0/securityContext/appArmorProfile/type | AppArmor",
                "{containers: [{name: a, securityContext: {appArmorProfile: {type: 3}}}]} | baseline | - | -",
            })
    void appArmor(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{securityContext: {seLinuxOptions: {level: s0:c123}}} | baseline | - | -",
                "{securityContext: {seLinuxOptions: {type: \"\", user: \"\", role: \"\"}}} | baseline | - | -",
                "{securityContext: {seLinuxOptions: {type: container_t}}} | baseline | - | -",
                "{containers: [{name: a, securityContext: {seLinuxOptions: {type: container_init_t}}}]} | baseline | - | -",
                "{containers: [{name: a, securityContext: {seLinuxOptions: {type: container_kvm_t}}}]} | baseline | - | -",
                "{containers: [{name: a, securityContext: {seLinuxOptions: {type: container_engine_t}}}]} | baseline | - | -",
                "{securityContext: {seLinuxOptions: {type: spc_t}}} | baseline | /securityContext/seLinuxOptions/type | SELinux",
                "{containers: [{name: a, securityContext: {seLinuxOptions: {type: unconfined_t}}}]} | baseline | /containers/0/securityContext/seLinuxOptions/type | SELinux",
                "{securityContext: {seLinuxOptions: {user: system_u}}} | baseline | /securityContext/seLinuxOptions/user | SELinux",
                "{initContainers: [{name: a, securityContext: {seLinuxOptions: {role: sysadm_r}}}]} | baseline | /initContainers/0/securityContext/seLinuxOptions/role | SELinux",
            })
    void seLinux(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} @{1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [{name: a, securityContext: {procMount: Default}}]} | baseline | - | -",
                "{containers: [{name: a, securityContext: {procMount: Unmasked}}]} | baseline | /containers/0/securityContext/procMount | /proc Mount Type",
                "{initContainers: [{name: a, securityContext: {procMount: Unmasked}}]} | baseline | /initContainers/0/securityContext/procMount | /proc Mount Type",
                "{hostUsers: true, containers: [{name: a, securityContext: {procMount: Unmasked}}]} | baseline | /containers/0/securityContext/procMount | /proc Mount Type",
                "{hostUsers: false, containers: [{name: a, securityContext: {procMount: Unmasked}}]} | baseline | - | -",
            })
    void procMount(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{securityContext: {seccompProfile: {type: RuntimeDefault}}} | baseline | - | -",
                "{containers: [{name: a, securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}}]} | baseline | - | -",
                "{containers: [{name: a}]} | baseline | - | -",
                "{securityContext: {seccompProfile: {type: Unconfined}}} | baseline | /securityContext/seccompProfile/type | Seccomp",
                "{containers: [{name: a, securityContext: {seccompProfile: {type: Unconfined}}}]} | baseline | /containers/0/securityContext/seccompProfile/type | Seccomp",
                "{ephemeralContainers: [{name: a, securityContext: {seccompProfile: {type: Unconfined}}}]} | baseline | /ephemeralContainers/0/securityContext/seccompProfile/type | Seccomp",
            })
    void seccompBaseline(String spec, String level, String pointer, String control) {
        row(spec, level, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "kernel.shm_rmid_forced | -",
                "net.ipv4.ip_local_port_range | -",
                "net.ipv4.ip_unprivileged_port_start | -",
                "net.ipv4.tcp_syncookies | -",
                "net.ipv4.ping_group_range | -",
                "net.ipv4.ip_local_reserved_ports | -",
                "net.ipv4.tcp_keepalive_time | -",
                "net.ipv4.tcp_fin_timeout | -",
                "net.ipv4.tcp_keepalive_intvl | -",
                "net.ipv4.tcp_keepalive_probes | -",
                "net.ipv4.tcp_rmem | -",
                "net.ipv4.tcp_wmem | -",
                "kernel.msgmax | /securityContext/sysctls/1/name",
                "net.core.somaxconn | /securityContext/sysctls/1/name",
                "vm.swappiness | /securityContext/sysctls/1/name",
                "kernel.shm_rmid_forced.x | /securityContext/sysctls/1/name",
            })
    void sysctls(String name, String pointer) {
        row(
                "{securityContext: {sysctls: [{name: net.ipv4.tcp_syncookies, value: \"1\"}, {name: " + name
                        + ", value: \"1\"}]}}",
                "baseline",
                pointer,
                pointer.equals("-") ? "-" : "Sysctls");
        row(
                "{securityContext: {sysctls: [{name: net.ipv4.tcp_syncookies, value: \"1\"}, {name: " + name
                        + ", value: \"1\"}]}}",
                "privileged",
                "-",
                "-");
    }

    /** Values of the wrong JSON type, and containers that are not objects, are the schema check's to report. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [7, null, {name: a}]}",
                "{containers: {name: a, securityContext: {privileged: true}}}",
                "{containers: [{name: a, securityContext: privileged}]}",
                "{securityContext: {sysctls: [{name: 5}]}}",
                "{volumes: [7]}",
            })
    void wrongTypesAreNotFindings(String spec) {
        assertEquals(List.of(), PodSecurity.check(yaml(spec), Level.BASELINE));
    }

    @Test
    void nonObjectPodSpecHasNoFindings() {
        assertEquals(List.of(), PodSecurity.check(yaml("[1]"), Level.RESTRICTED));
        assertEquals(List.of(), PodSecurity.check(null, Level.RESTRICTED));
    }

    // --- restricted -----------------------------------------------------------------------------------

    /** A pod spec that passes restricted; the rows below are overlays on it (a null removes a field). */
    private static final String COMPLIANT = """
            securityContext:
              runAsNonRoot: true
              runAsUser: 1000
              seccompProfile: {type: RuntimeDefault}
            initContainers:
            - name: init
              image: x
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            containers:
            - name: worker
              image: x
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            volumes:
            - {name: a, configMap: {name: c}}
            - {name: b, csi: {driver: d}}
            - {name: c, downwardAPI: {}}
            - {name: d, emptyDir: {}}
            - {name: e, ephemeral: {volumeClaimTemplate: {spec: {}}}}
            - {name: f, persistentVolumeClaim: {claimName: p}}
            - {name: g, projected: {sources: []}}
            - {name: h, secret: {secretName: s}}
            - {name: i, image: {reference: r}}
            """;

    /** Objects merge key by key, arrays element by element, null removes. */
    private static JsonNode overlay(JsonNode base, JsonNode over) {
        if (over.isObject() && base.isObject()) {
            ObjectNode out = ((ObjectNode) base).deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    out.remove(e.getKey());
                } else {
                    out.set(
                            e.getKey(),
                            out.has(e.getKey()) ? overlay(out.get(e.getKey()), e.getValue()) : e.getValue());
                }
            }
            return out;
        }
        if (over.isArray() && base.isArray()) {
            ArrayNode out = ((ArrayNode) base).deepCopy();
            for (int i = 0; i < over.size(); i++) {
                if (i < out.size()) {
                    out.set(i, overlay(out.get(i), over.get(i)));
                } else {
                    out.add(over.get(i));
                }
            }
            return out;
        }
        return over;
    }

    private static void restricted(String over, String pointer, String control) {
        expect(overlay(yaml(COMPLIANT), yaml(over)), "restricted", pointer, control);
    }

    @Test
    void compliantPodSpecPassesRestricted() {
        assertEquals(List.of(), PodSecurity.check(yaml(COMPLIANT), Level.RESTRICTED));
        assertEquals(List.of(), PodSecurity.check(yaml(COMPLIANT), Level.BASELINE));
    }

    /** Every baseline control holds at restricted too. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{hostPID: true} | /hostPID | Host Namespaces",
                "{containers: [{securityContext: {privileged: true}}]} | /containers/0/securityContext/privileged | Privileged Containers",
                "{containers: [{ports: [{containerPort: 1, hostPort: 1}]}]} | /containers/0/ports/0/hostPort | Host Ports",
                "{securityContext: {sysctls: [{name: kernel.sem, value: \"1\"}]}} | /securityContext/sysctls/0/name | Sysctls",
                "{containers: [{securityContext: {seLinuxOptions: {type: spc_t}}}]} | /containers/0/securityContext/seLinuxOptions/type | SELinux",
                "{securityContext: {appArmorProfile: {type: Unconfined}}} | /securityContext/appArmorProfile/type | AppArmor",
                "{securityContext: {windowsOptions: {hostProcess: true}}} | /securityContext/windowsOptions/hostProcess | HostProcess",
                "{containers: [{readinessProbe: {httpGet: {port: 1, host: h}}}]} | /containers/0/readinessProbe/httpGet/host | Host Probes / Lifecycle Hooks",
                "{containers: [{securityContext: {procMount: Unmasked}}]} | /containers/0/securityContext/procMount | /proc Mount Type",
                "{hostUsers: false, containers: [{securityContext: {procMount: Unmasked}}]} | /containers/0/securityContext/procMount | /proc Mount Type",
            })
    void baselineControlsAtRestricted(String over, String pointer, String control) {
        restricted(over, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{volumes: [{name: a, configMap: {name: c}}]} | - | -",
                "{volumes: [{configMap: null}]} | - | -",
                "{volumes: [{configMap: null, hostPath: {path: /}}]} | /volumes/0/hostPath | Volume Types",
                "{volumes: [{configMap: null, nfs: {server: s, path: /}}]} | /volumes/0/nfs | Volume Types",
                "{volumes: [{configMap: null, gitRepo: {repository: r}}]} | /volumes/0/gitRepo | Volume Types",
                "{volumes: [{configMap: null, awsElasticBlockStore: {volumeID: v}}]} | /volumes/0/awsElasticBlockStore | Volume Types",
                "{volumes: [{configMap: null, cephfs: {monitors: [m]}}]} | /volumes/0/cephfs | Volume Types",
                "{volumes: [{configMap: null, flexVolume: {driver: d}}]} | /volumes/0/flexVolume | Volume Types",
                "{volumes: [{configMap: null, iscsi: {targetPortal: t, iqn: i, lun: 0}}]} | /volumes/0/iscsi | Volume Types",
            })
    void volumeTypes(String over, String pointer, String control) {
        restricted(over, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [{securityContext: {allowPrivilegeEscalation: true}}]} | /containers/0/securityContext/allowPrivilegeEscalation | Privilege Escalation",
                "{initContainers: [{securityContext: {allowPrivilegeEscalation: null}}]} | /initContainers/0/securityContext/allowPrivilegeEscalation | Privilege Escalation",
                "{ephemeralContainers: [{name: dbg, securityContext: {capabilities: {drop: [ALL]}}}]} | /ephemeralContainers/0/securityContext/allowPrivilegeEscalation | Privilege Escalation",
                "{containers: [{securityContext: {allowPrivilegeEscalation: \"false\"}}]} | - | -",
                "{os: {name: windows}, containers: [{securityContext: {allowPrivilegeEscalation: null}}]} | - | -",
            })
    void privilegeEscalation(String over, String pointer, String control) {
        restricted(over, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{securityContext: {runAsNonRoot: null}, initContainers: [{securityContext: {runAsNonRoot: true}}], containers: [{securityContext: {runAsNonRoot: true}}]} | - | -",
                "{containers: [{securityContext: {runAsNonRoot: true}}]} | - | -",
                "{securityContext: {runAsNonRoot: null}, initContainers: [{securityContext: {runAsNonRoot: true}}]} | /containers/0/securityContext/runAsNonRoot | Running as Non-root",
                "{containers: [{securityContext: {runAsNonRoot: false}}]} | /containers/0/securityContext/runAsNonRoot | Running as Non-root",
                "{securityContext: {runAsNonRoot: false}} | /securityContext/runAsNonRoot | Running as Non-root",
                "{securityContext: {runAsNonRoot: false}, initContainers: [{securityContext: {runAsNonRoot: true}}], containers: [{securityContext: {runAsNonRoot: true}}]} | /securityContext/runAsNonRoot | Running as Non-root",
                "{securityContext: {runAsNonRoot: null}, initContainers: [{securityContext: {runAsNonRoot: true}}], containers: [{securityContext: {runAsNonRoot: \"yes\"}}]} | - | -",
                "{hostUsers: false, securityContext: {runAsNonRoot: false}} | - | -",
            })
    void runningAsNonRoot(String over, String pointer, String control) {
        restricted(over, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [{securityContext: {runAsUser: 1}}]} | - | -",
                "{securityContext: {runAsUser: null}} | - | -",
                "{securityContext: {runAsUser: 0}} | /securityContext/runAsUser | Running as Non-root user",
                "{initContainers: [{securityContext: {runAsUser: 0}}]} | /initContainers/0/securityContext/runAsUser | Running as Non-root user",
                "{containers: [{securityContext: {runAsUser: \"0\"}}]} | - | -",
                "{hostUsers: false, securityContext: {runAsUser: 0}} | - | -",
            })
    void runningAsNonRootUser(String over, String pointer, String control) {
        restricted(over, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}} | - | -",
                "{securityContext: {seccompProfile: null}, initContainers: [{securityContext: {seccompProfile: {type: RuntimeDefault}}}], containers: [{securityContext: {seccompProfile: {type: Localhost, localhostProfile: p}}}]} | - | -",
                "{securityContext: {seccompProfile: null}, initContainers: [{securityContext: {seccompProfile: {type: RuntimeDefault}}}]} | /containers/0/securityContext/seccompProfile/type | Seccomp",
                "{containers: [{securityContext: {seccompProfile: {type: Unconfined}}}]} | /containers/0/securityContext/seccompProfile/type | Seccomp",
                "{securityContext: {seccompProfile: {type: Unconfined}}, initContainers: [{securityContext: {seccompProfile: {type: RuntimeDefault}}}], containers: [{securityContext: {seccompProfile: {type: RuntimeDefault}}}]} | /securityContext/seccompProfile/type | Seccomp",
                "{securityContext: {seccompProfile: {type: Unconfined}}} | /securityContext/seccompProfile/type | Seccomp",
                "{os: {name: windows}, securityContext: {seccompProfile: null}} | - | -",
            })
    void seccompRestricted(String over, String pointer, String control) {
        restricted(over, pointer, control);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [{securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}}]} | - | -",
                "{containers: [{securityContext: {capabilities: {drop: [NET_RAW, ALL]}}}]} | - | -",
                "{containers: [{securityContext: {capabilities: {drop: [NET_RAW]}}}]} | /containers/0/securityContext/capabilities/drop | Capabilities",
                "{containers: [{securityContext: {capabilities: null}}]} | /containers/0/securityContext/capabilities/drop | Capabilities",
                "{containers: [{securityContext: {capabilities: {drop: [all]}}}]} | /containers/0/securityContext/capabilities/drop | Capabilities",
                "{containers: [{securityContext: {capabilities: {add: [NET_BIND_SERVICE, CHOWN]}}}]} | /containers/0/securityContext/capabilities/add/1 | Capabilities",
                "{initContainers: [{securityContext: {capabilities: {add: [SYS_ADMIN]}}}]} | /initContainers/0/securityContext/capabilities/add/0 | Capabilities",
                "{os: {name: windows}, containers: [{securityContext: {capabilities: null}}]} | - | -",
            })
    void capabilitiesRestricted(String over, String pointer, String control) {
        restricted(over, pointer, control);
    }

    /** A restricted-only control points at baseline as the way out; a baseline one at privileged. */
    @Test
    void theWayOutIsTheNextLevelDown() {
        JsonNode spec = overlay(
                yaml(COMPLIANT), yaml("{containers: [{securityContext: {capabilities: {add: [CHOWN, SYS_ADMIN]}}}]}"));
        List<Finding> f = PodSecurity.check(spec, Level.RESTRICTED);
        assertEquals(2, f.size(), f.toString());
        assertTrue(
                f.get(0).message().endsWith("set the pod security level to baseline)"),
                f.get(0).message());
        assertTrue(
                f.get(1).message().endsWith("set the pod security level to privileged)"),
                f.get(1).message());
        // a hostPath volume is reported under Volume Types at restricted, but baseline forbids it too
        List<Finding> h = PodSecurity.check(
                overlay(
                        yaml(COMPLIANT),
                        yaml(
                                "{volumes: [{configMap: null, hostPath: {path: /}}, {csi: null, nfs: {server: s, path: /}}]}")),
                Level.RESTRICTED);
        assertEquals(
                List.of("/volumes/0/hostPath", "/volumes/1/nfs"),
                h.stream().map(Finding::pointer).toList());
        assertTrue(
                h.get(0).message().endsWith("set the pod security level to privileged)"),
                h.get(0).message());
        assertTrue(
                h.get(1).message().endsWith("set the pod security level to baseline)"),
                h.get(1).message());
    }
}
