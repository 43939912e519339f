package com.hevlayer.layerrender.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hevlayer.layerrender.validate.DidYouMean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway settings Argo CD's config-management plugin server hands the {@code generate} command
 * (used by {@code render --argocd}): the Application's plugin {@code env} as {@code ARGOCD_ENV_<NAME>},
 * its plugin parameters as JSON in {@code ARGOCD_APP_PARAMETERS}, its destination namespace as
 * {@code ARGOCD_APP_NAMESPACE}.
 *
 * <p>Plugin env uses the operator's variable names ({@code ARGOCD_ENV_GATEWAY_BASE_URL}, ...,
 * {@code ARGOCD_ENV_INFRA_RULES}); parameters use the flag names ({@code gateway-base-url}, ...,
 * {@code infra-rules}). Parameters sit above plugin env; both sit between the sidecar's own
 * environment and command-line flags.
 */
public final class ArgoCdSettings {
    /** Reads the plugin parameters' JSON (a plain mapper: thread-safe once built, never reconfigured). */
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String ENV_PREFIX = "ARGOCD_ENV_";
    public static final String PARAMETERS = "ARGOCD_APP_PARAMETERS";
    public static final String APP_NAMESPACE = "ARGOCD_APP_NAMESPACE";

    /**
     * The parameter (a string of globs separated by commas, or a list of them) and, as {@code ARGOCD_ENV_EXCLUDE},
     * the plugin env (separated by commas) that leave paths of the application folder out, as {@code --exclude}.
     */
    public static final String EXCLUDE = "exclude";

    /** Parameter names the plugin announces; anything else is a mistake worth reporting. */
    public static final List<String> PARAMETER_NAMES = parameterNames();

    /**
     * @param layers     plugin env, then parameters (lowest first)
     * @param infraRules path of the InfraRules file (relative to the application's path), or null
     * @param namespace  the Application's destination namespace, or null
     * @param excludes   the globs to leave out of the folder walk: plugin env's, then the parameter's
     * @param errors     one message per bad value or parameter, plugin env first; empty when all are good
     */
    public record Config(
            List<SettingsLayer> layers,
            String infraRules,
            String namespace,
            List<String> excludes,
            List<String> errors) {
        public Config {
            layers = List.copyOf(layers);
            excludes = List.copyOf(excludes);
            errors = List.copyOf(errors);
        }
    }

    private ArgoCdSettings() {}

    public static Config read(Map<String, String> env) {
        Map<String, String> fromEnv = FrontEndSettings.variables(env, ENV_PREFIX);
        fromEnv.put(FrontEndSettings.INFRA_RULES, env.get(ENV_PREFIX + "INFRA_RULES"));
        FrontEndSettings.Read envLayer = FrontEndSettings.layer(
                "Argo CD plugin env", fromEnv, k -> ENV_PREFIX + FrontEndSettings.GATEWAY.get(k));

        List<String> errors = new ArrayList<>(unknownEnv(env));
        errors.addAll(envLayer.errors());
        List<String> excludes = new ArrayList<>(split(env.get(ENV_PREFIX + "EXCLUDE")));
        Map<String, String> params = parameters(env.get(PARAMETERS), excludes, errors);
        FrontEndSettings.Read paramLayer = FrontEndSettings.layer("Argo CD parameters", params, k -> "parameter " + k);
        errors.addAll(paramLayer.errors());

        String infraRules = FrontEndSettings.value(params, FrontEndSettings.INFRA_RULES);
        if (infraRules == null) {
            infraRules = FrontEndSettings.value(fromEnv, FrontEndSettings.INFRA_RULES);
        }
        return new Config(
                List.of(envLayer.layer(), paramLayer.layer()),
                infraRules,
                FrontEndSettings.blankToNull(env.get(APP_NAMESPACE)),
                excludes,
                errors);
    }

    /**
     * Only the excludes ({@code layer-render discover --argocd}: discovery leaves out what generation leaves out);
     * bad values of other settings are generation's to report.
     */
    public static List<String> excludes(Map<String, String> env) {
        List<String> excludes = new ArrayList<>(split(env.get(ENV_PREFIX + "EXCLUDE")));
        parameters(env.get(PARAMETERS), excludes, new ArrayList<>());
        return excludes;
    }

    /** Globs separated by commas, each trimmed; empty ones dropped. */
    static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String g : value.split(",")) {
                if (!g.isBlank()) {
                    out.add(g.strip());
                }
            }
        }
        return out;
    }

    /**
     * {@code [{"name": "gateway-base-url", "string": "http://..."}, ...]}: the form Argo CD passes.
     * Only string parameters are ours; an unknown name is reported with a hint (a typo would
     * otherwise be ignored silently). Every bad parameter gets a message in {@code errors}.
     */
    static Map<String, String> parameters(String json, List<String> excludes, List<String> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonNode list;
        try {
            list = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            errors.add(PARAMETERS + " is not JSON: " + e.getOriginalMessage());
            return out;
        }
        if (list == null || !list.isArray()) {
            errors.add(PARAMETERS + " must be a JSON list of {\"name\": ..., \"string\": ...}");
            return out;
        }
        for (JsonNode p : list) {
            String name = p.path("name").asText("");
            if (!PARAMETER_NAMES.contains(name)) {
                String guess = DidYouMean.suggest(name, PARAMETER_NAMES);
                errors.add("unknown plugin parameter \"" + name + "\" ("
                        + (guess != null
                                ? "did you mean \"" + guess + "\"?"
                                : "known: " + String.join(", ", PARAMETER_NAMES))
                        + ")");
                continue;
            }
            if (name.equals(EXCLUDE)) {
                if (p.path("array").isArray()) {
                    p.path("array").forEach(g -> excludes.addAll(split(g.asText())));
                } else if (p.has("map")) {
                    errors.add("plugin parameter " + EXCLUDE + " takes a string or a list, not a map");
                } else {
                    excludes.addAll(split(p.path("string").asText(null)));
                }
                continue;
            }
            if (p.has("array") || p.has("map")) {
                errors.add("plugin parameter " + name + " takes a string, not a list or a map");
                continue;
            }
            JsonNode v = p.get("string");
            if (v != null && !v.isNull()) {
                out.put(name, v.asText());
            }
        }
        return out;
    }

    /**
     * The plugin env names that are none of ours, each with a hint, in name order: Argo CD hands the plugin
     * only the Application's own plugin env, so an unknown one is a typo that would otherwise be ignored
     * silently (the same rule as an unknown parameter).
     */
    static List<String> unknownEnv(Map<String, String> env) {
        List<String> known = new ArrayList<>(FrontEndSettings.GATEWAY.values());
        known.add("INFRA_RULES");
        known.add("EXCLUDE");
        List<String> errors = new ArrayList<>();
        env.keySet().stream()
                .filter(k -> k.startsWith(ENV_PREFIX) && !known.contains(k.substring(ENV_PREFIX.length())))
                .sorted()
                .forEach(k -> {
                    String guess = DidYouMean.suggest(k.substring(ENV_PREFIX.length()), known);
                    errors.add("unknown plugin env " + k + " ("
                            + (guess != null
                                    ? "did you mean " + ENV_PREFIX + guess + "?"
                                    : "known: " + ENV_PREFIX + String.join(", " + ENV_PREFIX, known))
                            + "; layer-render rule: a misspelt setting would be ignored silently; fix: rename or"
                            + " remove it in the Application's spec.source.plugin.env)");
                });
        return errors;
    }

    private static List<String> parameterNames() {
        List<String> names = new ArrayList<>(FrontEndSettings.GATEWAY_KEYS);
        names.add(FrontEndSettings.INFRA_RULES);
        names.add(EXCLUDE);
        return List.copyOf(names);
    }
}
