package com.hevlayer.layerrender.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.hevlayer.layerrender.model.AuthMode;
import com.hevlayer.layerrender.validate.Code;
import com.hevlayer.layerrender.validate.ObjectRef;
import com.hevlayer.layerrender.validate.Problem;
import com.hevlayer.layerrender.yaml.SourceDoc;
import java.util.List;

/**
 * What the default VectorStore contributes to the gateway settings, and the one place of the rule
 * "the workers' credential comes from the default VectorStore": its {@code spec.credential.secretRef}
 * names the workers' Secret and key in deriveFromStore mode (unless a setting names them), its
 * {@code spec.inboundAuth.mode} is the lowest layer of the auth mode, except {@code open}: a
 * repository's document never switches off the workers' credential (only a platform setting does),
 * and saying so gets a warning. Every front end (CLI, Argo CD, KRM, reconciler) gets the rule
 * through the engine, which calls {@link #resolve}.
 *
 * @param inboundAuthMode the store's mode ({@link #of} never gives {@link AuthMode#OPEN}); any field may be null
 */
public record StoreCredential(String secretName, String secretKey, AuthMode inboundAuthMode) {

    /** The store's contribution: its secretRef and its inbound mode, {@code open} dropped. */
    public static StoreCredential of(JsonNode store) {
        JsonNode spec = store.path("spec");
        JsonNode ref = spec.path("credential").path("secretRef");
        String mode = spec.path("inboundAuth").path("mode").asText(null);
        AuthMode parsed = mode == null ? null : AuthMode.parse(mode).orElse(null);
        // open drops the workers' credential: a platform setting, never a document of the repository
        return new StoreCredential(
                ref.path("name").asText(null), ref.path("key").asText(null), parsed == AuthMode.OPEN ? null : parsed);
    }

    /**
     * The settings every Pipeline is rendered with.
     *
     * @param defaultStore the default VectorStore (already validated), or null when there is none
     * @param layers       the settings' layers, lowest precedence first
     * @param problems     gets the warning when the store asks for open mode and is not obeyed
     */
    public static GatewaySettings resolve(SourceDoc defaultStore, List<SettingsLayer> layers, List<Problem> problems) {
        StoreCredential store = defaultStore == null ? null : of(defaultStore.root());
        GatewaySettings settings = GatewaySettings.resolve(store, layers);
        if (store != null
                && store.inboundAuthMode() == null
                && settings.authMode() != AuthMode.OPEN
                && "open"
                        .equals(defaultStore.root().at("/spec/inboundAuth/mode").asText())) {
            problems.add(Problem.warning(
                    Code.OPEN_AUTH_NOT_TAKEN,
                    defaultStore.positionOf("/spec/inboundAuth/mode"),
                    ObjectRef.of(defaultStore, null),
                    "spec.inboundAuth.mode",
                    "open is not taken from a VectorStore among the inputs: workers still get the gateway credential"
                            + " (layer-render rule: a repository must not switch off the workers' credential; the"
                            + " platform sets open mode with GATEWAY_AUTH_MODE=open or --auth-mode open)"));
        }
        return settings;
    }

    /** The workers' Secret when no setting names one: the store's in deriveFromStore mode, else the default. */
    static String secretName(StoreCredential store, AuthMode mode) {
        return fromStore(store, mode) && store.secretName() != null
                ? store.secretName()
                : GatewaySettings.DEFAULT_SECRET_NAME;
    }

    /** The key within that Secret when no setting names one: the store's in deriveFromStore mode, else the mode's default. */
    static String secretKey(StoreCredential store, AuthMode mode) {
        if (fromStore(store, mode) && store.secretKey() != null) {
            return store.secretKey();
        }
        return mode == AuthMode.KEYS ? GatewaySettings.DEFAULT_KEYS_SECRET_KEY : GatewaySettings.DEFAULT_SECRET_KEY;
    }

    static boolean fromStore(StoreCredential store, AuthMode mode) {
        return mode == AuthMode.DERIVE_FROM_STORE && store != null;
    }
}
