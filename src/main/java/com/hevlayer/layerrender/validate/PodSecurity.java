package com.hevlayer.layerrender.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pure checker of the Kubernetes
 * <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/">Pod Security Standards</a>
 * (PSS) on a pod spec, as the policy of Kubernetes v1.36 states them (the table of the page, and
 * {@code k8s.io/pod-security-admission} v0.36, whose checks decide the cases the table leaves open).
 * The checker sees a pod spec, not a pod: the legacy annotations of AppArmor and seccomp
 * ({@code container.apparmor.security.beta.kubernetes.io/*}, {@code seccomp.security.alpha.kubernetes.io/pod})
 * live in the pod's metadata and are out of its scope.
 *
 * <p>Container-level rules apply to {@code initContainers}, {@code containers} and
 * {@code ephemeralContainers}. A value of the wrong JSON type (a string where a boolean belongs) is
 * neither a violation nor a compliance: the schema check reports it, and a verdict that depends on
 * it is not given. Where the pod sets a forbidden value that its containers inherit (runAsNonRoot: false,
 * a forbidden seccomp type), the one finding at the pod stands for them. Each {@link Finding} has a JSON pointer relative to the pod spec, the control's
 * name as the PSS table names it, and a message naming the level and the legitimate way out.
 *
 * <h2>{@link Level#BASELINE} (<a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline">Baseline</a>)</h2>
 * <ul>
 * <li><b>HostProcess</b>: {@code securityContext.windowsOptions.hostProcess} of the pod and of every container
 *     undefined or false.</li>
 * <li><b>Host Namespaces</b>: {@code hostNetwork}, {@code hostPID}, {@code hostIPC} undefined or false.</li>
 * <li><b>Privileged Containers</b>: {@code securityContext.privileged} undefined or false.</li>
 * <li><b>Capabilities</b>: {@code securityContext.capabilities.add} only from AUDIT_WRITE, CHOWN, DAC_OVERRIDE,
 *     FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT.</li>
 * <li><b>HostPath Volumes</b>: no {@code volumes[*].hostPath}.</li>
 * <li><b>Host Ports</b>: {@code ports[*].hostPort} undefined or 0.</li>
 * <li><b>Host Probes / Lifecycle Hooks</b> (v1.34+): {@code host} of the {@code httpGet} and {@code tcpSocket}
 *     of {@code livenessProbe}, {@code readinessProbe}, {@code startupProbe}, {@code lifecycle.postStart},
 *     {@code lifecycle.preStop} undefined or empty.</li>
 * <li><b>AppArmor</b>: {@code securityContext.appArmorProfile.type} of the pod and of every container
 *     undefined, RuntimeDefault or Localhost (so Unconfined is forbidden). The annotation is out of scope.</li>
 * <li><b>SELinux</b>: {@code securityContext.seLinuxOptions.type} of the pod and of every container undefined,
 *     empty, container_t, container_init_t, container_kvm_t or container_engine_t; {@code user} and {@code role}
 *     undefined or empty.</li>
 * <li><b>/proc Mount Type</b>: {@code securityContext.procMount} undefined or Default, unless the pod is in a
 *     user namespace ({@code hostUsers: false}, v1.35+).</li>
 * <li><b>Seccomp</b>: {@code securityContext.seccompProfile.type} of the pod and of every container undefined,
 *     RuntimeDefault or Localhost (so Unconfined is forbidden). The annotations are out of scope.</li>
 * <li><b>Sysctls</b>: {@code securityContext.sysctls[*].name} from the safe set of v1.32+:
 *     kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start,
 *     net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports,
 *     net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,
 *     net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem.</li>
 * </ul>
 *
 * <h2>{@link Level#RESTRICTED} (<a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted">Restricted</a>)</h2>
 * Everything of the baseline, and:
 * <ul>
 * <li><b>Volume Types</b>: every volume is configMap, csi, downwardAPI, emptyDir, ephemeral, image,
 *     persistentVolumeClaim, projected or secret. This replaces the baseline's HostPath Volumes (a hostPath
 *     volume is reported once, under Volume Types), as pod-security-admission does. A volume that names no
 *     source at all is defaulted to emptyDir by the API server and passes.</li>
 * <li><b>Privilege Escalation</b>: {@code securityContext.allowPrivilegeEscalation} false in every container
 *     (not checked when {@code os.name} is windows).</li>
 * <li><b>Running as Non-root</b>: {@code runAsNonRoot} true for every container, either its own or, when it sets
 *     none, the pod's; an explicit false anywhere (the pod included) is forbidden. Not checked with
 *     {@code hostUsers: false}.</li>
 * <li><b>Running as Non-root user</b>: {@code runAsUser} of the pod and of every container not 0. Not checked
 *     with {@code hostUsers: false}.</li>
 * <li><b>Seccomp</b>: the seccomp profile type RuntimeDefault or Localhost for every container, either its own
 *     or, when it sets none, the pod's; any other explicit type anywhere is forbidden. This replaces the
 *     baseline's Seccomp. Not checked when {@code os.name} is windows.</li>
 * <li><b>Capabilities</b>: every container drops ALL and adds nothing but NET_BIND_SERVICE. This replaces the
 *     baseline's Capabilities. Not checked when {@code os.name} is windows.</li>
 * <li><b>/proc Mount Type</b>: as the baseline's, but also with {@code hostUsers: false} (v1.35+).</li>
 * </ul>
 *
 * <p>{@link Level#PRIVILEGED} checks nothing. Not checked at any level (not controls of the table, or
 * optional): the restricted "Non-root groups" (optional), and pod metadata.
 */
public final class PodSecurity {
    private PodSecurity() {}

    /** A Pod Security Standards level, as the {@code pod-security.kubernetes.io/*} labels spell it. */
    public enum Level {
        PRIVILEGED,
        BASELINE,
        RESTRICTED;

        /** "privileged", "baseline" or "restricted" (exactly, as pod-security-admission parses them). */
        public static Optional<Level> parse(String s) {
            if (s == null) {
                return Optional.empty();
            }
            for (Level l : values()) {
                if (l.label().equals(s)) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }

        /** The level's name as the labels spell it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One violation.
     *
     * @param pointer JSON pointer relative to the pod spec, e.g. {@code /containers/1/securityContext/privileged};
     *                for a required value that is missing (restricted's allowPrivilegeEscalation, runAsNonRoot,
     *                seccompProfile, capabilities.drop), where it belongs in that container
     * @param control the PSS control's name as the table names it, e.g. {@code Host Namespaces}
     * @param message what is wrong and how to do it legitimately, naming the level
     */
    public record Finding(String pointer, String control, String message) {}

    static final Set<String> BASELINE_CAPABILITIES = Set.of(
            "AUDIT_WRITE",
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "MKNOD",
            "NET_BIND_SERVICE",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_CHROOT");
    static final Set<String> SELINUX_TYPES =
            Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
    static final Set<String> SAFE_SYSCTLS = Set.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes",
            "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem");
    static final Set<String> RESTRICTED_VOLUMES = Set.of(
            "configMap",
            "csi",
            "downwardAPI",
            "emptyDir",
            "ephemeral",
            "image",
            "persistentVolumeClaim",
            "projected",
            "secret");
    private static final Set<String> PROFILE_TYPES = Set.of("RuntimeDefault", "Localhost");
    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");
    private static final List<String> HOOKS = List.of("postStart", "preStop");

    /** A field read with its JSON type in mind. */
    private enum Tri {
        ABSENT,
        TRUE,
        FALSE,
        WRONG_TYPE
    }

    private static Tri bool(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return Tri.ABSENT;
        }
        if (!v.isBoolean()) {
            return Tri.WRONG_TYPE;
        }
        return v.booleanValue() ? Tri.TRUE : Tri.FALSE;
    }

    /** The text of {@code parent.field}, or null when absent or not a string. */
    private static String text(JsonNode parent, String field) {
        JsonNode v = parent.path(field);
        return v.isTextual() ? v.textValue() : null;
    }

    private static boolean isObject(JsonNode parent, String field) {
        return parent.path(field).isObject();
    }

    /** One container and where it is. */
    private record Container(String at, String name, JsonNode node) {
        JsonNode sc() {
            return node.path("securityContext");
        }

        /** A securityContext of the wrong JSON type: no verdict on what it should hold. */
        boolean scWrongType() {
            return !sc().isMissingNode() && !sc().isNull() && !sc().isObject();
        }

        String describe() {
            return name == null ? at.substring(1) : "container \"" + name + "\"";
        }
    }

    /** The findings being gathered at one level. */
    private static final class Out {
        final Level level;
        final List<Finding> findings = new ArrayList<>();

        Out(Level level) {
            this.level = level;
        }

        /**
         * Adds a finding. {@code what} says what is wrong ("hostNetwork: true is not allowed"); {@code fix}
         * the way within the level ("remove it"). A control only of the restricted level is lifted at baseline.
         */
        void add(String pointer, String control, boolean restrictedOnly, String what, String fix) {
            String lower = restrictedOnly ? "baseline" : "privileged";
            findings.add(new Finding(
                    pointer,
                    control,
                    what + " at Pod Security level " + level.label() + " (control \"" + control + "\"; " + fix
                            + ", or set the pod security level to " + lower + ")"));
        }
    }

    /** The Pod Security Standards findings of {@code podSpec} at {@code level}; none at PRIVILEGED. Pure. */
    public static List<Finding> check(JsonNode podSpec, Level level) {
        if (level == null || level == Level.PRIVILEGED || podSpec == null || !podSpec.isObject()) {
            return List.of();
        }
        Out out = new Out(level);
        boolean restricted = level == Level.RESTRICTED;
        List<Container> containers = containers(podSpec);
        JsonNode podSc = podSpec.path("securityContext");
        boolean userNamespace = bool(podSpec, "hostUsers") == Tri.FALSE;
        boolean windows = podSpec.path("os").isObject() && "windows".equals(text(podSpec.path("os"), "name"));

        hostProcess(podSc, containers, out);
        hostNamespaces(podSpec, out);
        privileged(containers, out);
        if (restricted) {
            if (!windows) {
                capabilitiesRestricted(containers, out);
            }
        } else {
            capabilitiesBaseline(containers, out);
        }
        if (restricted) {
            volumeTypes(podSpec, out);
        } else {
            hostPathVolumes(podSpec, out);
        }
        hostPorts(containers, out);
        hostProbes(containers, out);
        appArmor(podSc, containers, out);
        seLinux(podSc, containers, out);
        if (restricted || !userNamespace) {
            procMount(containers, out, restricted && userNamespace);
        }
        if (restricted) {
            if (!windows) {
                seccompRestricted(podSc, containers, out);
            }
        } else {
            seccompBaseline(podSc, containers, out);
        }
        sysctls(podSc, out);
        if (restricted) {
            if (!windows) {
                privilegeEscalation(containers, out);
            }
            if (!userNamespace) {
                runAsNonRoot(podSc, containers, out);
                runAsUser(podSc, containers, out);
            }
        }
        return List.copyOf(out.findings);
    }

    private static List<Container> containers(JsonNode podSpec) {
        List<Container> all = new ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            JsonNode l = podSpec.path(list);
            for (int i = 0; l.isArray() && i < l.size(); i++) {
                JsonNode c = l.get(i);
                if (c.isObject()) {
                    all.add(new Container("/" + list + "/" + i, text(c, "name"), c));
                }
            }
        }
        return all;
    }

    // --- baseline -------------------------------------------------------------------------------------

    private static void hostProcess(JsonNode podSc, List<Container> containers, Out out) {
        String fix = "remove windowsOptions.hostProcess or set it to false";
        if (bool(podSc.path("windowsOptions"), "hostProcess") == Tri.TRUE) {
            out.add(
                    "/securityContext/windowsOptions/hostProcess",
                    "HostProcess",
                    false,
                    "securityContext.windowsOptions.hostProcess: true is not allowed",
                    fix);
        }
        for (Container c : containers) {
            if (bool(c.sc().path("windowsOptions"), "hostProcess") == Tri.TRUE) {
                out.add(
                        c.at() + "/securityContext/windowsOptions/hostProcess",
                        "HostProcess",
                        false,
                        "securityContext.windowsOptions.hostProcess: true in " + c.describe() + " is not allowed",
                        fix);
            }
        }
    }

    private static void hostNamespaces(JsonNode podSpec, Out out) {
        for (String f : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (bool(podSpec, f) == Tri.TRUE) {
                out.add("/" + f, "Host Namespaces", false, f + ": true is not allowed", "remove it");
            }
        }
    }

    private static void privileged(List<Container> containers, Out out) {
        for (Container c : containers) {
            if (bool(c.sc(), "privileged") == Tri.TRUE) {
                out.add(
                        c.at() + "/securityContext/privileged",
                        "Privileged Containers",
                        false,
                        "securityContext.privileged: true in " + c.describe() + " is not allowed",
                        "remove it, and add only the capabilities the container needs");
            }
        }
    }

    private static void capabilitiesBaseline(List<Container> containers, Out out) {
        for (Container c : containers) {
            JsonNode add = c.sc().path("capabilities").path("add");
            for (int i = 0; add.isArray() && i < add.size(); i++) {
                JsonNode cap = add.get(i);
                if (cap.isTextual() && !BASELINE_CAPABILITIES.contains(cap.textValue())) {
                    out.add(
                            c.at() + "/securityContext/capabilities/add/" + i,
                            "Capabilities",
                            false,
                            "adding capability " + cap.textValue() + " in " + c.describe() + " is not allowed",
                            "remove it; only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,"
                                    + " NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT may be added");
                }
            }
        }
    }

    private static void hostPathVolumes(JsonNode podSpec, Out out) {
        JsonNode volumes = podSpec.path("volumes");
        for (int i = 0; volumes.isArray() && i < volumes.size(); i++) {
            JsonNode v = volumes.get(i);
            if (v.isObject() && v.path("hostPath").isObject()) {
                out.add(
                        "/volumes/" + i + "/hostPath",
                        "HostPath Volumes",
                        false,
                        "hostPath volume" + volumeName(v) + " is not allowed",
                        "use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead");
            }
        }
    }

    private static String volumeName(JsonNode v) {
        String name = text(v, "name");
        return name == null ? "" : " \"" + name + "\"";
    }

    private static void hostPorts(List<Container> containers, Out out) {
        for (Container c : containers) {
            JsonNode ports = c.node().path("ports");
            for (int i = 0; ports.isArray() && i < ports.size(); i++) {
                JsonNode p = ports.get(i).path("hostPort");
                if (p.isIntegralNumber() && p.longValue() != 0) {
                    out.add(
                            c.at() + "/ports/" + i + "/hostPort",
                            "Host Ports",
                            false,
                            "hostPort " + p.asText() + " in " + c.describe() + " is not allowed",
                            "remove it (or set it to 0) and reach the port through a Service");
                }
            }
        }
    }

    private static void hostProbes(List<Container> containers, Out out) {
        for (Container c : containers) {
            for (String probe : PROBES) {
                JsonNode p = c.node().path(probe);
                if (p.isObject()) {
                    probeHost(c, c.at() + "/" + probe, probe, p, out);
                }
            }
            JsonNode lifecycle = c.node().path("lifecycle");
            for (String hook : HOOKS) {
                JsonNode h = lifecycle.path(hook);
                if (h.isObject()) {
                    probeHost(c, c.at() + "/lifecycle/" + hook, "lifecycle." + hook, h, out);
                }
            }
        }
    }

    private static void probeHost(Container c, String at, String what, JsonNode handler, Out out) {
        for (String action : List.of("httpGet", "tcpSocket")) {
            String host = text(handler.path(action), "host");
            if (host != null && !host.isEmpty()) {
                out.add(
                        at + "/" + action + "/host",
                        "Host Probes / Lifecycle Hooks",
                        false,
                        what + "." + action + ".host \"" + host + "\" in " + c.describe() + " is not allowed",
                        "remove host so that the kubelet connects to the pod's own IP");
            }
        }
    }

    private static void appArmor(JsonNode podSc, List<Container> containers, Out out) {
        String fix = "remove appArmorProfile or set its type to RuntimeDefault or Localhost";
        profileType(podSc, "/securityContext", "the pod", "appArmorProfile", "AppArmor", fix, out);
        for (Container c : containers) {
            profileType(c.sc(), c.at() + "/securityContext", c.describe(), "appArmorProfile", "AppArmor", fix, out);
        }
    }

    /** An explicit appArmorProfile or seccompProfile whose type is not RuntimeDefault or Localhost. */
    private static void profileType(
            JsonNode sc, String at, String who, String field, String control, String fix, Out out) {
        if (!isObject(sc, field)) {
            return;
        }
        JsonNode type = sc.get(field).path("type");
        if (type.isMissingNode() || type.isNull()) {
            out.add(
                    at + "/" + field + "/type",
                    control,
                    false,
                    field + " without a type in " + who + " is not allowed",
                    fix);
        } else if (type.isTextual() && !PROFILE_TYPES.contains(type.textValue())) {
            out.add(
                    at + "/" + field + "/type",
                    control,
                    false,
                    field + ".type " + type.textValue() + " in " + who + " is not allowed",
                    fix);
        }
    }

    private static void seLinux(JsonNode podSc, List<Container> containers, Out out) {
        seLinuxOptions(podSc, "/securityContext", "the pod", out);
        for (Container c : containers) {
            seLinuxOptions(c.sc(), c.at() + "/securityContext", c.describe(), out);
        }
    }

    private static void seLinuxOptions(JsonNode sc, String at, String who, Out out) {
        JsonNode o = sc.path("seLinuxOptions");
        if (!o.isObject()) {
            return;
        }
        String type = text(o, "type");
        if (type != null && !SELINUX_TYPES.contains(type)) {
            out.add(
                    at + "/seLinuxOptions/type",
                    "SELinux",
                    false,
                    "seLinuxOptions.type " + type + " in " + who + " is not allowed",
                    "remove it or use container_t, container_init_t, container_kvm_t or container_engine_t");
        }
        for (String f : List.of("user", "role")) {
            String v = text(o, f);
            if (v != null && !v.isEmpty()) {
                out.add(
                        at + "/seLinuxOptions/" + f,
                        "SELinux",
                        false,
                        "seLinuxOptions." + f + " in " + who + " is not allowed",
                        "remove it");
            }
        }
    }

    private static void procMount(List<Container> containers, Out out, boolean onlyRestrictedForbidsIt) {
        for (Container c : containers) {
            String pm = text(c.sc(), "procMount");
            if (pm != null && !pm.equals("Default")) {
                out.add(
                        c.at() + "/securityContext/procMount",
                        "/proc Mount Type",
                        onlyRestrictedForbidsIt,
                        "securityContext.procMount " + pm + " in " + c.describe() + " is not allowed",
                        onlyRestrictedForbidsIt
                                ? "remove it or set it to Default"
                                : "remove it or set it to Default (or run the pod in a user namespace, hostUsers: false)");
            }
        }
    }

    private static void seccompBaseline(JsonNode podSc, List<Container> containers, Out out) {
        String fix = "remove seccompProfile or set its type to RuntimeDefault or Localhost";
        profileType(podSc, "/securityContext", "the pod", "seccompProfile", "Seccomp", fix, out);
        for (Container c : containers) {
            profileType(c.sc(), c.at() + "/securityContext", c.describe(), "seccompProfile", "Seccomp", fix, out);
        }
    }

    private static void sysctls(JsonNode podSc, Out out) {
        JsonNode list = podSc.path("sysctls");
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            String name = text(list.get(i), "name");
            if (name != null && !SAFE_SYSCTLS.contains(name)) {
                out.add(
                        "/securityContext/sysctls/" + i + "/name",
                        "Sysctls",
                        false,
                        "sysctl " + name + " is not allowed",
                        "remove it; only the safe sysctls "
                                + String.join(
                                        ", ", SAFE_SYSCTLS.stream().sorted().toList()) + " may be set");
            }
        }
    }

    // --- restricted -----------------------------------------------------------------------------------

    private static void volumeTypes(JsonNode podSpec, Out out) {
        JsonNode volumes = podSpec.path("volumes");
        for (int i = 0; volumes.isArray() && i < volumes.size(); i++) {
            JsonNode v = volumes.get(i);
            if (!v.isObject()) {
                continue;
            }
            List<String> sources = new ArrayList<>();
            boolean allowed = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("name") || !e.getValue().isObject()) {
                    continue;
                }
                if (RESTRICTED_VOLUMES.contains(e.getKey())) {
                    allowed = true;
                } else {
                    sources.add(e.getKey());
                }
            }
            if (allowed) {
                continue; // a second source is the API server's error ("may not specify more than 1 volume type")
            }
            for (String s : sources) {
                // a hostPath volume is forbidden at baseline too: the way out is privileged, not baseline
                out.add(
                        "/volumes/" + i + "/" + s,
                        "Volume Types",
                        !s.equals("hostPath"),
                        s + " volume" + volumeName(v) + " is not allowed",
                        "use a configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,"
                                + " projected or secret volume (a persistentVolumeClaim can bind any storage)");
            }
        }
    }

    private static void privilegeEscalation(List<Container> containers, Out out) {
        for (Container c : containers) {
            Tri ape = c.scWrongType() ? Tri.WRONG_TYPE : bool(c.sc(), "allowPrivilegeEscalation");
            if (ape == Tri.TRUE) {
                out.add(
                        c.at() + "/securityContext/allowPrivilegeEscalation",
                        "Privilege Escalation",
                        true,
                        "securityContext.allowPrivilegeEscalation: true in " + c.describe() + " is not allowed",
                        "set it to false");
            } else if (ape == Tri.ABSENT) {
                out.add(
                        c.at() + "/securityContext/allowPrivilegeEscalation",
                        "Privilege Escalation",
                        true,
                        c.describe() + " without securityContext.allowPrivilegeEscalation: false is not allowed",
                        "set it to false");
            }
        }
    }

    private static void runAsNonRoot(JsonNode podSc, List<Container> containers, Out out) {
        String fix = "set securityContext.runAsNonRoot: true in the pod or in every container";
        Tri pod = bool(podSc, "runAsNonRoot");
        if (pod == Tri.FALSE) {
            out.add(
                    "/securityContext/runAsNonRoot",
                    "Running as Non-root",
                    true,
                    "securityContext.runAsNonRoot: false in the pod is not allowed",
                    fix);
        }
        for (Container c : containers) {
            Tri own = c.scWrongType() ? Tri.WRONG_TYPE : bool(c.sc(), "runAsNonRoot");
            if (own == Tri.FALSE) {
                out.add(
                        c.at() + "/securityContext/runAsNonRoot",
                        "Running as Non-root",
                        true,
                        "securityContext.runAsNonRoot: false in " + c.describe() + " is not allowed",
                        fix);
            } else if (own == Tri.ABSENT && pod == Tri.ABSENT) {
                out.add(
                        c.at() + "/securityContext/runAsNonRoot",
                        "Running as Non-root",
                        true,
                        c.describe()
                                + " without securityContext.runAsNonRoot: true (its own or the pod's) is not allowed",
                        fix);
            }
        }
    }

    private static void runAsUser(JsonNode podSc, List<Container> containers, Out out) {
        String fix = "use a non-zero user id, or remove runAsUser and let the image's non-root user run";
        if (isZero(podSc.path("runAsUser"))) {
            out.add(
                    "/securityContext/runAsUser",
                    "Running as Non-root user",
                    true,
                    "securityContext.runAsUser: 0 in the pod is not allowed",
                    fix);
        }
        for (Container c : containers) {
            if (isZero(c.sc().path("runAsUser"))) {
                out.add(
                        c.at() + "/securityContext/runAsUser",
                        "Running as Non-root user",
                        true,
                        "securityContext.runAsUser: 0 in " + c.describe() + " is not allowed",
                        fix);
            }
        }
    }

    private static boolean isZero(JsonNode n) {
        return n.isIntegralNumber() && n.longValue() == 0;
    }

    /** The verdict on one seccompProfile (pod's or container's) at restricted. */
    private enum Profile {
        ABSENT,
        GOOD,
        BAD,
        UNKNOWN
    }

    private static Profile seccomp(JsonNode sc) {
        JsonNode p = sc.path("seccompProfile");
        if (p.isMissingNode() || p.isNull()) {
            return Profile.ABSENT;
        }
        if (!p.isObject()) {
            return Profile.UNKNOWN;
        }
        JsonNode type = p.path("type");
        if (type.isMissingNode() || type.isNull()) {
            return Profile.BAD;
        }
        if (!type.isTextual()) {
            return Profile.UNKNOWN;
        }
        return PROFILE_TYPES.contains(type.textValue()) ? Profile.GOOD : Profile.BAD;
    }

    private static void seccompRestricted(JsonNode podSc, List<Container> containers, Out out) {
        String fix =
                "set securityContext.seccompProfile.type to RuntimeDefault or Localhost in the pod or in every container";
        Profile pod = seccomp(podSc);
        if (pod == Profile.BAD) {
            out.add(
                    "/securityContext/seccompProfile/type",
                    "Seccomp",
                    false,
                    "seccompProfile.type " + typeText(podSc) + " in the pod is not allowed",
                    fix);
        }
        for (Container c : containers) {
            Profile own = c.scWrongType() ? Profile.UNKNOWN : seccomp(c.sc());
            if (own == Profile.BAD) {
                out.add(
                        c.at() + "/securityContext/seccompProfile/type",
                        "Seccomp",
                        false,
                        "seccompProfile.type " + typeText(c.sc()) + " in " + c.describe() + " is not allowed",
                        fix);
            } else if (own == Profile.ABSENT && pod == Profile.ABSENT) {
                out.add(
                        c.at() + "/securityContext/seccompProfile/type",
                        "Seccomp",
                        true,
                        c.describe() + " without a seccompProfile of type RuntimeDefault or Localhost (its own or the"
                                + " pod's) is not allowed",
                        fix);
            }
        }
    }

    private static String typeText(JsonNode sc) {
        String t = text(sc.path("seccompProfile"), "type");
        return t == null ? "(none)" : t;
    }

    private static void capabilitiesRestricted(List<Container> containers, Out out) {
        for (Container c : containers) {
            JsonNode caps = c.sc().path("capabilities");
            JsonNode drop = caps.path("drop");
            boolean dropsAll = false;
            boolean unknown = c.scWrongType()
                    || !caps.isMissingNode() && !caps.isNull() && !caps.isObject()
                    || !drop.isMissingNode() && !drop.isNull() && !drop.isArray();
            for (int i = 0; drop.isArray() && i < drop.size(); i++) {
                dropsAll |= "ALL".equals(drop.get(i).textValue());
            }
            if (!dropsAll && !unknown) {
                out.add(
                        c.at() + "/securityContext/capabilities/drop",
                        "Capabilities",
                        true,
                        c.describe() + " without securityContext.capabilities.drop: [ALL] is not allowed",
                        "drop ALL and add back only NET_BIND_SERVICE if the container needs it");
            }
            JsonNode add = caps.path("add");
            for (int i = 0; add.isArray() && i < add.size(); i++) {
                JsonNode cap = add.get(i);
                if (cap.isTextual() && !cap.textValue().equals("NET_BIND_SERVICE")) {
                    boolean alsoBaseline = !BASELINE_CAPABILITIES.contains(cap.textValue());
                    out.add(
                            c.at() + "/securityContext/capabilities/add/" + i,
                            "Capabilities",
                            !alsoBaseline,
                            "adding capability " + cap.textValue() + " in " + c.describe() + " is not allowed",
                            "remove it; only NET_BIND_SERVICE may be added");
                }
            }
        }
    }
}
