package com.hevlayer.layerrender.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.yaml.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rules the Kubernetes API server applies to core objects that no JSON schema states, written once,
 * worded as the API server words them (its {@code field.ErrorList} messages). Each method cites the
 * Kubernetes function it follows. Pure.
 */
public final class ApiServerRules {
    private ApiServerRules() {}

    /** One finding: the JSON pointer (relative to the value checked) and the API server's words. */
    public record Finding(String pointer, String message) {}

    /** {@code IsQualifiedName}'s name part and {@code IsValidLabelValue}: at most 63 characters of this shape. */
    private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

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
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
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
                out.add(new Finding(at + "/operator", "Invalid value: \"" + operator + "\": operator must be Exists when"
                        + " `key` is empty, which means \"match all values and all keys\""));
            }
            if (t.hasNonNull("tolerationSeconds") && !effect.equals("NoExecute")) {
                out.add(new Finding(at + "/effect", "Invalid value: \"" + effect + "\": effect must be 'NoExecute' when"
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
                        out.add(new Finding(at + "/value", "Invalid value: \"" + value + "\": value must be empty when"
                                + " `operator` is 'Exists'"));
                    }
                    break;
                default:
                    out.add(new Finding(at + "/operator", unsupported(operator, List.of("Equal", "Exists"))));
            }
            if (!effect.isEmpty() && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                out.add(new Finding(at + "/effect", unsupported(effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute"))));
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
                    out.add(new Finding(Pointer.child("/" + which, e.getKey()), "Invalid value: \"" + v.asText()
                            + "\": must be a Kubernetes quantity, e.g. 500m, 2, 4Gi"));
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
}
