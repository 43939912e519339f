package com.hevlayer.layerrender.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The gateway settings' names and how each front end's values become a {@link SettingsLayer}: the
 * operator's environment ({@code GATEWAY_BASE_URL}, ...), the {@code render} flags, and a front end's
 * own configuration (Argo CD plugin parameters and {@code ARGOCD_ENV_*} variables, a KRM
 * functionConfig). One vocabulary everywhere: the names of the {@code render} flags without their
 * dashes ({@code gateway-base-url}, ...). The front-end layer sits between the environment and the
 * flags (SPEC §1). In the environment and front-end configuration an empty value counts as unset
 * (Argo CD shows every announced parameter, empty until a user fills it in).
 *
 * <p>A read never throws: it returns the layer and a message per bad value ({@link Read#errors()});
 * each front end reports them its own way (the CLI as a usage error, KRM as results).
 */
public final class FrontEndSettings {
    public static final String BASE_URL = "gateway-base-url";
    public static final String METRICS_SERVER = "metrics-server";
    public static final String SECRET_NAME = "gateway-secret-name";
    public static final String SECRET_KEY = "gateway-secret-key";
    public static final String AUTH_MODE = "auth-mode";
    public static final String CEILING = "max-replicas-ceiling";
    public static final String POD_SECURITY = "pod-security-level";
    public static final String SCHEDULE_TIME_ZONE = "schedule-time-zone";
    public static final String METRICS_SECRET_NAME = "metrics-secret-name";
    public static final String METRICS_SECRET_KEY = "metrics-secret-key";
    public static final String SCALING_SIGNAL = "scaling-signal";
    public static final String SECRET_NAMESPACE = "gateway-secret-namespace";
    public static final String INFRA_RULES = "infra-rules";
    public static final String NAMESPACE = "namespace";

    /** The gateway settings' front-end names and the environment variables (the operator's) that carry them, in order. */
    public static final Map<String, String> GATEWAY = ordered(
            BASE_URL, "GATEWAY_BASE_URL",
            METRICS_SERVER, "DEFAULT_METRICS_SERVER",
            SECRET_NAME, "GATEWAY_API_SECRET_NAME",
            SECRET_KEY, "GATEWAY_API_SECRET_KEY",
            AUTH_MODE, "GATEWAY_AUTH_MODE",
            CEILING, "MAX_REPLICAS_CEILING",
            POD_SECURITY, "POD_SECURITY_LEVEL",
            SCHEDULE_TIME_ZONE, "SCHEDULE_TIME_ZONE",
            METRICS_SECRET_NAME, "METRICS_SECRET_NAME",
            METRICS_SECRET_KEY, "METRICS_SECRET_KEY",
            SCALING_SIGNAL, "SCALING_SIGNAL",
            SECRET_NAMESPACE, "GATEWAY_API_SECRET_NAMESPACE");

    public static final List<String> GATEWAY_KEYS = List.copyOf(GATEWAY.keySet());

    /**
     * One source's settings.
     *
     * @param errors one message per bad value, in the order of {@link #GATEWAY}; empty when all are good
     */
    public record Read(SettingsLayer layer, List<String> errors) {
        public Read {
            errors = List.copyOf(errors);
        }
    }

    private FrontEndSettings() {}

    /** The operator's environment variable names (SPEC §1); an empty variable counts as unset. */
    public static Read environment(Map<String, String> env) {
        return layer("environment", variables(env, ""), GATEWAY::get);
    }

    /**
     * The {@code render} flags, by front-end name (a flag is {@code --} and its name); null for a flag
     * not given. Values are taken as given: an empty Secret name or key is a mistake, not "unset".
     */
    public static Read flags(Map<String, String> given) {
        SettingValues v = new SettingValues();
        Function<String, String> flag = k -> "--" + k;
        SettingsLayer layer = new SettingsLayer(
                "flags",
                v.url(flag.apply(BASE_URL), given.get(BASE_URL)),
                v.url(flag.apply(METRICS_SERVER), given.get(METRICS_SERVER)),
                v.secretName(flag.apply(SECRET_NAME), v.nonEmpty(flag.apply(SECRET_NAME), given.get(SECRET_NAME))),
                v.secretKey(flag.apply(SECRET_KEY), v.nonEmpty(flag.apply(SECRET_KEY), given.get(SECRET_KEY))),
                v.mode(flag.apply(AUTH_MODE), given.get(AUTH_MODE)),
                v.ceiling(flag.apply(CEILING), given.get(CEILING)),
                v.podSecurity(flag.apply(POD_SECURITY), given.get(POD_SECURITY)),
                v.timeZone(flag.apply(SCHEDULE_TIME_ZONE), given.get(SCHEDULE_TIME_ZONE)),
                v.secretName(
                        flag.apply(METRICS_SECRET_NAME),
                        v.nonEmpty(flag.apply(METRICS_SECRET_NAME), given.get(METRICS_SECRET_NAME))),
                v.secretKey(
                        flag.apply(METRICS_SECRET_KEY),
                        v.nonEmpty(flag.apply(METRICS_SECRET_KEY), given.get(METRICS_SECRET_KEY))),
                v.scalingSignal(flag.apply(SCALING_SIGNAL), given.get(SCALING_SIGNAL)),
                v.namespace(flag.apply(SECRET_NAMESPACE), given.get(SECRET_NAMESPACE)));
        return new Read(layer, v.errors());
    }

    /**
     * @param values by front-end name; other keys are ignored here; empty counts as unset
     * @param name   how a setting is named in messages, e.g. {@code parameter gateway-base-url}
     */
    static Read layer(String source, Map<String, String> values, Function<String, String> name) {
        SettingValues v = new SettingValues();
        SettingsLayer layer = new SettingsLayer(
                source,
                v.url(name.apply(BASE_URL), value(values, BASE_URL)),
                v.url(name.apply(METRICS_SERVER), value(values, METRICS_SERVER)),
                v.secretName(name.apply(SECRET_NAME), value(values, SECRET_NAME)),
                v.secretKey(name.apply(SECRET_KEY), value(values, SECRET_KEY)),
                v.mode(name.apply(AUTH_MODE), value(values, AUTH_MODE)),
                v.ceiling(name.apply(CEILING), value(values, CEILING)),
                v.podSecurity(name.apply(POD_SECURITY), value(values, POD_SECURITY)),
                v.timeZone(name.apply(SCHEDULE_TIME_ZONE), value(values, SCHEDULE_TIME_ZONE)),
                v.secretName(name.apply(METRICS_SECRET_NAME), value(values, METRICS_SECRET_NAME)),
                v.secretKey(name.apply(METRICS_SECRET_KEY), value(values, METRICS_SECRET_KEY)),
                v.scalingSignal(name.apply(SCALING_SIGNAL), value(values, SCALING_SIGNAL)),
                v.namespace(name.apply(SECRET_NAMESPACE), value(values, SECRET_NAMESPACE)));
        return new Read(layer, v.errors());
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
        return blankToNull(values.get(key));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
