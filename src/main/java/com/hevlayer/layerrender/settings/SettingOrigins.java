package com.hevlayer.layerrender.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.model.AuthMode;
import com.hevlayer.layerrender.yaml.Position;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where each gateway setting was decided ({@code layer-render explain}): the highest layer that sets it (a flag,
 * an environment variable, an Argo CD plugin parameter or plugin env, the KRM functionConfig), else the default
 * VectorStore (file:line of its field), else the default. The same precedence as {@link GatewaySettings#resolve}
 * (a test holds the two together); asked only by explain, so a render never pays for it.
 */
public final class SettingOrigins {
    private SettingOrigins() {}

    /**
     * One setting's source.
     *
     * @param position the VectorStore field that decided it, or null (flags, environment, defaults)
     * @param where    the source in words, e.g. {@code flag --gateway-base-url}, {@code default}
     */
    public record Decided(Position position, String where) {
        @Override
        public String toString() {
            return position == null ? where : where + " (" + position + ")";
        }
    }

    /**
     * @param store  the default VectorStore, or null
     * @param layers the settings' layers, lowest precedence first (as the engine gets them)
     * @return by front-end name ({@link FrontEndSettings#GATEWAY_KEYS}), every setting
     */
    public static Map<String, Decided> of(SourceDoc store, List<SettingsLayer> layers) {
        Map<String, Decided> out = new LinkedHashMap<>();
        for (String key : FrontEndSettings.GATEWAY_KEYS) {
            Decided d = fromLayers(key, layers);
            out.put(key, d != null ? d : fallback(key, store, layers, out));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Decided fromLayers(String key, List<SettingsLayer> layers) {
        Function<SettingsLayer, Object> value = getter(key);
        for (int i = layers.size() - 1; i >= 0; i--) {
            SettingsLayer l = layers.get(i);
            if (value.apply(l) != null) {
                return new Decided(null, nameIn(l.source(), key));
            }
        }
        return null;
    }

    /** How a setting is named in a layer's source, e.g. {@code environment variable GATEWAY_BASE_URL}. */
    public static String nameIn(String source, String key) {
        String variable = FrontEndSettings.GATEWAY.get(key);
        return switch (source) {
            case "flags" -> "flag --" + key;
            case "environment" -> "environment variable " + variable;
            case "Argo CD plugin env" -> "Argo CD plugin env " + ArgoCdSettings.ENV_PREFIX + variable;
            case "Argo CD parameters" -> "Argo CD CMP parameter " + key;
            case "functionConfig" -> "KRM functionConfig " + key;
            default -> source + " " + key;
        };
    }

    /** No layer sets it: the default VectorStore where it contributes, else the default. */
    private static Decided fallback(String key, SourceDoc store, List<SettingsLayer> layers, Map<String, Decided> so) {
        StoreCredential credential = store == null ? null : StoreCredential.of(store.root());
        AuthMode mode = GatewaySettings.resolve(credential, layers).authMode();
        switch (key) {
            case FrontEndSettings.AUTH_MODE:
                if (credential != null && credential.inboundAuthMode() != null) {
                    return fromStore(store, "/spec/inboundAuth/mode");
                }
                return new Decided(null, "default (deriveFromStore)");
            case FrontEndSettings.SECRET_NAME:
                if (StoreCredential.fromStore(credential, mode) && credential.secretName() != null) {
                    return fromStore(store, "/spec/credential/secretRef/name");
                }
                return new Decided(null, "default");
            case FrontEndSettings.SECRET_KEY:
                if (StoreCredential.fromStore(credential, mode) && credential.secretKey() != null) {
                    return fromStore(store, "/spec/credential/secretRef/key");
                }
                return new Decided(null, mode == AuthMode.KEYS ? "default of keys mode" : "default");
            case FrontEndSettings.METRICS_SERVER:
                return new Decided(
                        null,
                        "default: gateway-base-url + /v2/metrics, gateway-base-url from "
                                + so.get(FrontEndSettings.BASE_URL));
            case FrontEndSettings.SECRET_NAMESPACE:
                return new Decided(
                        null,
                        "default: the namespace of gateway-base-url's host, else layer; gateway-base-url from "
                                + so.get(FrontEndSettings.BASE_URL));
            default:
                return new Decided(null, "default");
        }
    }

    private static Decided fromStore(SourceDoc store, String pointer) {
        JsonNode name = store.root().path("metadata").path("name");
        return new Decided(
                store.positionOf(pointer),
                "default VectorStore " + name.asText("") + " "
                        + pointer.substring(1).replace('/', '.'));
    }

    private static Function<SettingsLayer, Object> getter(String key) {
        return switch (key) {
            case FrontEndSettings.BASE_URL -> SettingsLayer::baseUrl;
            case FrontEndSettings.METRICS_SERVER -> SettingsLayer::metricsServer;
            case FrontEndSettings.SECRET_NAME -> SettingsLayer::secretName;
            case FrontEndSettings.SECRET_KEY -> SettingsLayer::secretKey;
            case FrontEndSettings.AUTH_MODE -> SettingsLayer::authMode;
            case FrontEndSettings.CEILING -> SettingsLayer::maxReplicasCeiling;
            case FrontEndSettings.POD_SECURITY -> SettingsLayer::podSecurityLevel;
            case FrontEndSettings.SCHEDULE_TIME_ZONE -> SettingsLayer::scheduleTimeZone;
            case FrontEndSettings.METRICS_SECRET_NAME -> SettingsLayer::metricsSecretName;
            case FrontEndSettings.METRICS_SECRET_KEY -> SettingsLayer::metricsSecretKey;
            case FrontEndSettings.SCALING_SIGNAL -> SettingsLayer::scalingSignal;
            case FrontEndSettings.SECRET_NAMESPACE -> SettingsLayer::secretNamespace;
            default -> throw new IllegalArgumentException("not a gateway setting: " + key);
        };
    }
}
