package com.hevlayer.layerrender.cli;

import com.hevlayer.layerrender.model.SettingsLayer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gateway settings given by a front end's own configuration (Argo CD plugin parameters and
 * {@code ARGOCD_ENV_*} variables, a KRM functionConfig). One vocabulary everywhere: the names of the
 * {@code render} flags without their dashes ({@code gateway-base-url}, ...). The layer sits between
 * the environment and the flags (SPEC §1). An empty value counts as unset (Argo CD shows every
 * announced parameter, empty until a user fills it in).
 */
final class FrontEndSettings {
    static final String BASE_URL = "gateway-base-url";
    static final String METRICS_SERVER = "metrics-server";
    static final String SECRET_NAME = "gateway-secret-name";
    static final String SECRET_KEY = "gateway-secret-key";
    static final String AUTH_MODE = "auth-mode";
    static final String CEILING = "max-replicas-ceiling";
    static final String POD_SECURITY = "pod-security-level";
    static final String INFRA_RULES = "infra-rules";
    static final String NAMESPACE = "namespace";

    /** The gateway settings' front-end names and the environment variables (the operator's) that carry them. */
    static final Map<String, String> GATEWAY = new LinkedHashMap<>();

    static {
        GATEWAY.put(BASE_URL, "GATEWAY_BASE_URL");
        GATEWAY.put(METRICS_SERVER, "DEFAULT_METRICS_SERVER");
        GATEWAY.put(SECRET_NAME, "GATEWAY_API_SECRET_NAME");
        GATEWAY.put(SECRET_KEY, "GATEWAY_API_SECRET_KEY");
        GATEWAY.put(AUTH_MODE, "GATEWAY_AUTH_MODE");
        GATEWAY.put(CEILING, "MAX_REPLICAS_CEILING");
        GATEWAY.put(POD_SECURITY, "POD_SECURITY_LEVEL");
    }

    static final List<String> GATEWAY_KEYS = List.copyOf(GATEWAY.keySet());

    private FrontEndSettings() {}

    /**
     * @param values by front-end name; other keys are ignored here
     * @param name   how a setting is named in messages, e.g. {@code parameter gateway-base-url}
     * @throws Main.UsageException naming the setting and what is wrong with its value
     */
    static SettingsLayer layer(String source, Map<String, String> values, Function<String, String> name) {
        return new SettingsLayer(source,
                RenderCommand.url(name.apply(BASE_URL), value(values, BASE_URL)),
                RenderCommand.url(name.apply(METRICS_SERVER), value(values, METRICS_SERVER)),
                RenderCommand.secretName(name.apply(SECRET_NAME), value(values, SECRET_NAME)),
                RenderCommand.secretKey(name.apply(SECRET_KEY), value(values, SECRET_KEY)),
                RenderCommand.mode(name.apply(AUTH_MODE), value(values, AUTH_MODE)),
                RenderCommand.ceiling(name.apply(CEILING), value(values, CEILING)),
                RenderCommand.podSecurity(name.apply(POD_SECURITY), value(values, POD_SECURITY)));
    }

    /** The gateway settings from environment variables named {@code prefix + GATEWAY_BASE_URL} and so on, by front-end name. */
    static Map<String, String> variables(Map<String, String> env, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : GATEWAY.entrySet()) {
            values.put(e.getKey(), env.get(prefix + e.getValue()));
        }
        return values;
    }

    static String value(Map<String, String> values, String key) {
        return RenderCommand.blankToNull(values.get(key));
    }
}
