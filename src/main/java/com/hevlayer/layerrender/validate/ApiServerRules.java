package com.hevlayer.layerrender.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.yaml.Pointer;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules the Kubernetes API server applies to core objects that no JSON schema states, written once,
 * worded as the API server words them (its {@code field.ErrorList} messages). Each method cites the
 * Kubernetes function it follows. Pure.
 */
public final class ApiServerRules {
    private ApiServerRules() {}

    /** {@code IsQualifiedName}'s name part and {@code IsValidLabelValue}: at most 63 characters of this shape. */
    private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** {@code resource.Quantity}'s regular expression (k8s.io/apimachinery/pkg/api/resource). */
    private static final Pattern QUANTITY = Pattern.compile("^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))"
            + "(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$");

    /** {@code validation.IsQualifiedName}: a label key, an annotation key, a toleration key. */
    public static String qualifiedNameError(String s) {
        String name = s;
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            String prefix = s.substring(0, slash);
            name = s.substring(slash + 1);
            if (prefix.isEmpty()
                    || prefix.length() > 253
                    || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                        + " '-' or '.', and must start and end with an alphanumeric character";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME_PART.matcher(name).matches()) {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                    + " alphanumeric character (at most 63 characters)";
        }
        return null;
    }

    /** {@code validation.IsValidLabelValue}: empty, or at most 63 characters of the name shape. */
    public static String labelValueError(String s) {
        if (s.isEmpty() || s.length() <= 63 && NAME_PART.matcher(s).matches()) {
            return null;
        }
        return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must"
                + " start and end with an alphanumeric character (at most 63 characters)";
    }

    /** Whether {@code s} parses as a {@code resource.Quantity}. */
    public static boolean isQuantity(String s) {
        return QUANTITY.matcher(s).matches();
    }

    /**
     * {@code ValidateTolerations} (pkg/apis/core/validation): key a qualified name; an empty key only
     * with operator Exists; tolerationSeconds only with effect NoExecute; operator Equal (or empty)
     * with a label value, Exists with no value; effect empty or one of the three taint effects.
     * Values of the wrong JSON type are left to the schema check.
     */
    public static List<Finding> tolerations(JsonNode list) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            JsonNode t = list.get(i);
            String at = "/" + i;
            String key = t.path("key").isTextual() ? t.get("key").asText() : "";
            String operator = t.path("operator").isTextual() ? t.get("operator").asText() : "";
            String value = t.path("value").isTextual() ? t.get("value").asText() : "";
            String effect = t.path("effect").isTextual() ? t.get("effect").asText() : "";
            if (!key.isEmpty()) {
                String e = qualifiedNameError(key);
                if (e != null) {
                    out.add(new Finding(at + "/key", "Invalid value: \"" + key + "\": " + e));
                }
            } else if (!operator.equals("Exists")) {
                out.add(new Finding(
                        at + "/operator",
                        "Invalid value: \"" + operator + "\": operator must be Exists when"
                                + " `key` is empty, which means \"match all values and all keys\""));
            }
            if (t.hasNonNull("tolerationSeconds") && !effect.equals("NoExecute")) {
                out.add(new Finding(
                        at + "/effect",
                        "Invalid value: \"" + effect + "\": effect must be 'NoExecute' when"
                                + " `tolerationSeconds` is set"));
            }
            switch (operator) {
                case "":
                case "Equal": {
                    String e = labelValueError(value);
                    if (e != null) {
                        out.add(new Finding(at + "/value", "Invalid value: \"" + value + "\": " + e));
                    }
                    break;
                }
                case "Exists":
                    if (!value.isEmpty()) {
                        out.add(new Finding(
                                at + "/value",
                                "Invalid value: \"" + value + "\": value must be empty when"
                                        + " `operator` is 'Exists'"));
                    }
                    break;
                default:
                    out.add(new Finding(at + "/operator", unsupported(operator, List.of("Equal", "Exists"))));
            }
            if (!effect.isEmpty()
                    && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                out.add(new Finding(
                        at + "/effect", unsupported(effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute"))));
            }
        }
        return out;
    }

    /** {@code ValidateResourceRequirements}' quantity part: every request and limit a quantity (type errors are the schema's). */
    public static List<Finding> quantities(JsonNode resources) {
        List<Finding> out = new ArrayList<>();
        for (String which : new String[] {"requests", "limits"}) {
            resources.path(which).fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                if ((v.isTextual() || v.isNumber()) && !isQuantity(v.asText())) {
                    out.add(new Finding(
                            Pointer.child("/" + which, e.getKey()),
                            "Invalid value: \"" + v.asText() + "\": must be a Kubernetes quantity, e.g. 500m, 2, 4Gi"));
                }
            });
        }
        return out;
    }

    /** {@code field.NotSupported}, with a did-you-mean. */
    private static String unsupported(String value, List<String> supported) {
        String guess = DidYouMean.suggest(value, supported);
        return "Unsupported value: \"" + value + "\": supported values: \"" + String.join("\", \"", supported) + "\""
                + (guess != null ? " (did you mean \"" + guess + "\"?)" : "");
    }

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** {@code IsValidPortName}: an IANA_SVC_NAME. */
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    /** {@code IsEnvVarName} (strict, Kubernetes v1.31 without RelaxedEnvironmentVariableValidation). */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    /** {@code IsConfigMapKey}: a Secret or ConfigMap key. */
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    /** {@code IsDNS1123Label}. */
    public static String dnsLabelError(String s) {
        return s.length() <= 63 && DNS_LABEL.matcher(s).matches()
                ? null
                : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start"
                        + " and end with an alphanumeric character (at most 63 characters)";
    }

    /** {@code IsDNS1123Subdomain}: a Secret's or a ConfigMap's name. */
    public static String dnsSubdomainError(String s) {
        return s.length() <= 253 && DNS_SUBDOMAIN.matcher(s).matches()
                ? null
                : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and"
                        + " must start and end with an alphanumeric character (at most 253 characters)";
    }

    /** {@code IsConfigMapKey}: a Secret's or a ConfigMap's key. */
    public static String configKeyError(String s) {
        if (s.isEmpty() || s.length() > 253 || !CONFIG_KEY.matcher(s).matches()) {
            return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (at most 253 characters)";
        }
        return s.equals(".") || s.equals("..") || s.startsWith("..")
                ? "must not be '.' or '..' or start with '..'"
                : null;
    }

    /** White space as Go's {@code unicode.IsSpace} has it (the Unicode White_Space property). */
    private static final Pattern SPACE = Pattern.compile("(?U)\\s");

    /**
     * An image reference: no leading or trailing white space (the API server's {@code validateContainers}),
     * and no white space or control character inside (the kubelet could not pull it; the API server lets
     * it through, so a message for that case says it is layer-render's rule).
     */
    public static String imageError(String image) {
        if (!image.isEmpty()
                && (SPACE.matcher(image.substring(0, image.offsetByCodePoints(0, 1)))
                                .matches()
                        || SPACE.matcher(image.substring(image.offsetByCodePoints(image.length(), -1)))
                                .matches())) {
            return "must not have leading or trailing whitespace";
        }
        if (SPACE.matcher(image).find() || image.chars().anyMatch(Character::isISOControl)) {
            return "is not an image reference: it holds white space or a control character (layer-render rule: the"
                    + " kubelet cannot pull it)";
        }
        return null;
    }

    /** {@code IsEnvVarName}. */
    public static String envNameError(String s) {
        return ENV_NAME.matcher(s).matches()
                ? null
                : "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.',"
                        + " and must not start with a digit";
    }

    /**
     * What the API server checks in a Deployment's pod template beyond its schema
     * ({@code ValidatePodTemplateSpecForReplicaSet}, {@code ValidatePodSpec}, {@code validateContainers}):
     * container, port and volume names; unique volume names and mounts of declared volumes; env names;
     * Secret and ConfigMap references; images without surrounding white space; quantities, requests at
     * most limits; {@code restartPolicy: Always}; no {@code activeDeadlineSeconds} or ephemeral
     * containers in a template; the node selector's labels and the tolerations. Pointers are relative to
     * the pod spec. Values of the wrong JSON type are the schema's.
     */
    public static List<Finding> podTemplate(JsonNode pod) {
        List<Finding> out = new ArrayList<>();
        if (pod.has("restartPolicy")
                && pod.get("restartPolicy").isTextual()
                && !"Always".equals(pod.get("restartPolicy").asText())) {
            out.add(new Finding(
                    "/restartPolicy",
                    "Unsupported value: \"" + pod.get("restartPolicy").asText()
                            + "\": supported values: \"Always\" (a Deployment restarts its pods)"));
        }
        if (pod.hasNonNull("activeDeadlineSeconds")) {
            out.add(new Finding(
                    "/activeDeadlineSeconds",
                    "Forbidden: activeDeadlineSeconds in ReplicaSet is not"
                            + " Supported (a Deployment's pods run until replaced)"));
        }
        if (pod.path("ephemeralContainers").isArray()
                && pod.get("ephemeralContainers").size() > 0) {
            out.add(new Finding(
                    "/ephemeralContainers",
                    "Forbidden: cannot be set on create (ephemeral containers are"
                            + " added to running pods with kubectl debug, not declared in a template)"));
        }
        Set<String> volumes = new HashSet<>();
        JsonNode vs = pod.path("volumes");
        for (int i = 0; vs.isArray() && i < vs.size(); i++) {
            String name = vs.get(i).path("name").asText(null);
            if (name == null) {
                continue;
            }
            String e = dnsLabelError(name);
            if (e != null) {
                out.add(new Finding("/volumes/" + i + "/name", "Invalid value: \"" + name + "\": " + e));
            } else if (!volumes.add(name)) {
                out.add(new Finding("/volumes/" + i + "/name", "Duplicate value: \"" + name + "\""));
            }
            secretRef(vs.get(i).path("secret").path("secretName"), "/volumes/" + i + "/secret/secretName", out);
        }
        for (String list : new String[] {"initContainers", "containers"}) {
            JsonNode cs = pod.path(list);
            for (int i = 0; cs.isArray() && i < cs.size(); i++) {
                container(cs.get(i), "/" + list + "/" + i, volumes, out);
            }
        }
        JsonNode selector = pod.path("nodeSelector");
        selector.fields().forEachRemaining(e -> {
            String at = Pointer.child("/nodeSelector", e.getKey());
            String ke = qualifiedNameError(e.getKey());
            if (ke != null) {
                out.add(new Finding(at, "Invalid value: \"" + e.getKey() + "\": " + ke));
            } else if (e.getValue().isTextual() && labelValueError(e.getValue().asText()) != null) {
                out.add(new Finding(
                        at,
                        "Invalid value: \"" + e.getValue().asText() + "\": "
                                + labelValueError(e.getValue().asText())));
            }
        });
        for (Finding f : tolerations(pod.path("tolerations"))) {
            out.add(new Finding("/tolerations" + f.pointer(), f.message()));
        }
        for (String name : new String[] {"serviceAccountName", "priorityClassName"}) {
            JsonNode v = pod.get(name);
            if (v != null && v.isTextual() && !v.asText().isEmpty() && dnsSubdomainError(v.asText()) != null) {
                out.add(new Finding(
                        "/" + name, "Invalid value: \"" + v.asText() + "\": " + dnsSubdomainError(v.asText())));
            }
        }
        for (String name : new String[] {"hostname", "subdomain"}) {
            JsonNode v = pod.get(name);
            if (v != null && v.isTextual() && !v.asText().isEmpty() && dnsLabelError(v.asText()) != null) {
                out.add(new Finding("/" + name, "Invalid value: \"" + v.asText() + "\": " + dnsLabelError(v.asText())));
            }
        }
        return out;
    }

    private static void container(JsonNode c, String at, Set<String> volumes, List<Finding> out) {
        String name = c.path("name").asText(null);
        if (name != null && dnsLabelError(name) != null) {
            out.add(new Finding(at + "/name", "Invalid value: \"" + name + "\": " + dnsLabelError(name)));
        }
        JsonNode image = c.get("image");
        if (image != null && image.isTextual()) {
            String img = image.asText();
            if (img.isEmpty()) {
                out.add(new Finding(at + "/image", "Required value"));
            } else {
                String e = imageError(img);
                if (e != null) {
                    out.add(new Finding(at + "/image", "Invalid value: \"" + img + "\": " + e));
                }
            }
        } else if (image == null || image.isNull()) {
            out.add(new Finding(at + "/image", "Required value"));
        }
        JsonNode ports = c.path("ports");
        Set<String> portNames = new HashSet<>();
        for (int i = 0; ports.isArray() && i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            String p = at + "/ports/" + i;
            String pn = port.path("name").asText("");
            if (!pn.isEmpty()
                    && (pn.length() > 15
                            || !PORT_NAME.matcher(pn).matches()
                            || pn.contains("--")
                            || pn.chars().noneMatch(Character::isLetter))) {
                out.add(new Finding(
                        p + "/name",
                        "Invalid value: \"" + pn + "\": an IANA_SVC_NAME (at most 15 lower case"
                                + " alphanumeric characters or '-', with at least one letter, no '--', starting and ending with an"
                                + " alphanumeric character)"));
            } else if (!pn.isEmpty() && !portNames.add(pn)) {
                out.add(new Finding(p + "/name", "Duplicate value: \"" + pn + "\""));
            }
            JsonNode cp = port.get("containerPort");
            if (cp != null && cp.isIntegralNumber() && (cp.asLong() < 1 || cp.asLong() > 65535)) {
                out.add(new Finding(
                        p + "/containerPort",
                        "Invalid value: " + cp.asText() + ": must be between 1 and" + " 65535, inclusive"));
            }
            JsonNode hp = port.get("hostPort");
            if (hp != null && hp.isIntegralNumber() && (hp.asLong() < 0 || hp.asLong() > 65535)) {
                out.add(new Finding(
                        p + "/hostPort",
                        "Invalid value: " + hp.asText() + ": must be between 1 and 65535," + " inclusive"));
            }
            String proto = port.path("protocol").asText("TCP");
            if (port.path("protocol").isTextual()
                    && !List.of("TCP", "UDP", "SCTP").contains(proto)) {
                out.add(new Finding(p + "/protocol", unsupported(proto, List.of("SCTP", "TCP", "UDP"))));
            }
        }
        JsonNode env = c.path("env");
        for (int i = 0; env.isArray() && i < env.size(); i++) {
            JsonNode e = env.get(i);
            String en = e.path("name").asText(null);
            if (en != null && envNameError(en) != null) {
                out.add(new Finding(at + "/env/" + i + "/name", "Invalid value: \"" + en + "\": " + envNameError(en)));
            }
            JsonNode from = e.path("valueFrom");
            secretRef(from.path("secretKeyRef").path("name"), at + "/env/" + i + "/valueFrom/secretKeyRef/name", out);
            key(from.path("secretKeyRef").path("key"), at + "/env/" + i + "/valueFrom/secretKeyRef/key", out);
            secretRef(
                    from.path("configMapKeyRef").path("name"),
                    at + "/env/" + i + "/valueFrom/configMapKeyRef/name",
                    out);
            key(from.path("configMapKeyRef").path("key"), at + "/env/" + i + "/valueFrom/configMapKeyRef/key", out);
        }
        JsonNode mounts = c.path("volumeMounts");
        for (int i = 0; mounts.isArray() && i < mounts.size(); i++) {
            String mn = mounts.get(i).path("name").asText(null);
            if (mn != null && !volumes.contains(mn)) {
                out.add(new Finding(
                        at + "/volumeMounts/" + i + "/name",
                        "Not found: \"" + mn + "\" (a volume mount must"
                                + " name a volume of the pod's spec.volumes)"));
            }
        }
        for (Finding f : resources(c.path("resources"))) {
            out.add(new Finding(at + "/resources" + f.pointer(), f.message()));
        }
    }

    /** {@code ValidateResourceRequirements}: valid quantities, and no request above its limit. Pointers relative to the resources. */
    public static List<Finding> resources(JsonNode resources) {
        List<Finding> out = quantities(resources);
        resources.path("requests").fields().forEachRemaining(r -> {
            JsonNode limit = resources.path("limits").get(r.getKey());
            if (limit != null && isQuantity(r.getValue().asText()) && isQuantity(limit.asText())) {
                BigDecimal req =
                        Quantity.getAmountInBytes(new Quantity(r.getValue().asText()));
                BigDecimal lim = Quantity.getAmountInBytes(new Quantity(limit.asText()));
                if (req.compareTo(lim) > 0) {
                    out.add(new Finding(
                            Pointer.child("/requests", r.getKey()),
                            "Invalid value: \""
                                    + r.getValue().asText() + "\": must be less than or equal to " + r.getKey()
                                    + " limit of "
                                    + limit.asText()));
                }
            }
        });
        return out;
    }

    private static void secretRef(JsonNode name, String at, List<Finding> out) {
        if (name.isTextual() && dnsSubdomainError(name.asText()) != null) {
            out.add(new Finding(at, "Invalid value: \"" + name.asText() + "\": " + dnsSubdomainError(name.asText())));
        }
    }

    private static void key(JsonNode key, String at, List<Finding> out) {
        if (key.isTextual() && configKeyError(key.asText()) != null) {
            out.add(new Finding(at, "Invalid value: \"" + key.asText() + "\": " + configKeyError(key.asText())));
        }
    }
}
