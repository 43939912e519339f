package com.hevlayer.layerrender.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.settings.GatewaySettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

/**
 * The worker's gateway credential, {@code LAYER_GATEWAY_API_KEY}, and the one rule that decides it:
 * a Pipeline whose {@code worker.podSpec} takes the variable from a Secret of its own
 * ({@code valueFrom.secretKeyRef}, as the vendor's demos do) gets exactly that; otherwise the gateway
 * settings' Secret and key. The worker's variable and the TriggerAuthentication always name the same
 * Secret and key, so KEDA and the worker agree. A literal {@code value} is refused in every auth mode:
 * it would put a credential in Git.
 *
 * @param secretName the Secret holding the credential
 * @param secretKey  its key
 * @param own        the Pipeline brings it (it is then injected even in open mode, as the user wrote it)
 * @param env        the variable as the worker container gets it
 */
public record Credential(String secretName, String secretKey, boolean own, EnvVar env) {
    public static final String ENV = "LAYER_GATEWAY_API_KEY";

    /** The credential, or the violation that makes the Pipeline's own unusable. */
    public record Outcome(Credential credential, Violation violation) {}

    public static Outcome of(Pipeline p, GatewaySettings settings) {
        String containers = PodSpecPatch.BASE + "/containers";
        JsonNode patchContainers = p.podSpec() == null ? null : p.podSpec().get("containers");
        for (int i = 0; patchContainers != null && patchContainers.isArray() && i < patchContainers.size(); i++) {
            JsonNode c = patchContainers.get(i);
            if (!Renderer.CONTAINER.equals(c.path("name").asText(null))
                    || !c.path("env").isArray()) {
                continue;
            }
            for (int j = 0; j < c.get("env").size(); j++) {
                JsonNode e = c.get("env").get(j);
                if (ENV.equals(e.path("name").asText(null))) {
                    Outcome own = own(e, containers + "/" + i + "/env/" + j);
                    if (own != null) {
                        return own;
                    }
                }
            }
        }
        return new Outcome(fromSettings(settings.secretName(), settings.secretKey()), null);
    }

    private static Credential fromSettings(String name, String key) {
        EnvVar env = new EnvVarBuilder()
                .withName(ENV)
                .withNewValueFrom()
                .withNewSecretKeyRef(key, name, null)
                .endValueFrom()
                .build();
        return new Credential(name, key, false, env);
    }

    /** The Pipeline's own credential, a violation, or null when the entry does not bring one. */
    private static Outcome own(JsonNode entry, String pointer) {
        String secret = "valueFrom: {secretKeyRef: {name: <Secret>, key: <key>}}";
        if (entry.has("value")) {
            return violation(
                    pointer + "/value",
                    "is a literal value (layer-render rule: a credential in Git reaches every"
                            + " clone and every render; take it from a Secret: " + secret + ")");
        }
        if (!entry.has("valueFrom")) {
            return null; // a bare name (or $patch: delete): the settings' entry stays, or PodSpecPatch reports its
            // removal
        }
        JsonNode ref = entry.path("valueFrom").path("secretKeyRef");
        String why = "the TriggerAuthentication must read the same credential, and KEDA reads it from a Secret";
        if (entry.path("valueFrom").size() != 1 || !ref.isObject()) {
            return violation(
                    pointer + "/valueFrom",
                    "must come from a Secret (layer-render rule: " + why + "; write " + secret + ")");
        }
        for (String field : new String[] {"name", "key"}) {
            if (!ref.path(field).isTextual() || ref.path(field).asText().isEmpty()) {
                return violation(
                        pointer + "/valueFrom/secretKeyRef",
                        "needs a " + field + " (layer-render rule: " + why + "; write " + secret + ")");
            }
        }
        EnvVar env;
        try {
            env = Json.MAPPER.treeToValue(entry, EnvVar.class);
        } catch (Exception e) {
            return violation(pointer, "is not a valid env entry (write " + secret + ")");
        }
        return new Outcome(
                new Credential(ref.get("name").asText(), ref.get("key").asText(), true, env), null);
    }

    private static Outcome violation(String pointer, String message) {
        return new Outcome(null, new Violation(pointer, message));
    }
}
