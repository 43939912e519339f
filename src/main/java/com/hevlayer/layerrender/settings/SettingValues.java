package com.hevlayer.layerrender.settings;

import com.hevlayer.layerrender.model.AuthMode;
import com.hevlayer.layerrender.validate.ApiServerRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The value rules of the gateway settings, whichever front end gives them. Each parser returns the
 * value (null for unset or bad) and adds a message for a bad value to {@link #errors()}, so that one
 * read reports every bad value; each message names the setting as its front end calls it
 * ({@code --auth-mode}, {@code GATEWAY_AUTH_MODE}, {@code spec.authMode}, ...).
 */
final class SettingValues {
    private final List<String> errors = new ArrayList<>();

    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Null (and a message) for a value given but empty, else the value. */
    String nonEmpty(String name, String v) {
        if (v != null && v.isBlank()) {
            errors.add(name + " must not be empty");
            return null;
        }
        return v;
    }

    String url(String name, String v) {
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (u.getRawUserInfo() != null) {
                // a credential in a URL would be written into every Deployment and ScaledObject; never echo it
                String shown = v.replace(u.getRawUserInfo() + "@", "***@");
                errors.add(name + "=" + shown + " carries user info (a credential) in the URL;"
                        + " it would be written into every rendered Deployment and ScaledObject (remove it: workers"
                        + " authenticate with the gateway Secret, GATEWAY_API_SECRET_NAME / --gateway-secret-name)");
                return null;
            }
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return v;
            }
        } catch (URISyntaxException e) {
            // fall through to the message
        }
        errors.add(name + "=" + v + " is not an http(s) URL (e.g. http://layer-gateway.layer.svc.cluster.local:8080)");
        return null;
    }

    /** A Secret's name, as the API server requires it (a DNS-1123 subdomain): the worker and KEDA reference it. */
    String secretName(String name, String v) {
        String error = v == null ? null : ApiServerRules.dnsSubdomainError(v);
        if (error != null) {
            errors.add(name + "=" + v + " is not a Secret name: " + error);
            return null;
        }
        return v;
    }

    /** A key within a Secret, as the API server requires it. */
    String secretKey(String name, String v) {
        String error = v == null ? null : ApiServerRules.configKeyError(v);
        if (error != null) {
            errors.add(name + "=" + v + " is not a Secret key: " + error);
            return null;
        }
        return v;
    }

    /** A namespace's name, as the API server requires it (a DNS-1123 label). */
    String namespace(String name, String v) {
        String error = v == null ? null : ApiServerRules.dnsLabelError(v);
        if (error != null) {
            errors.add(name + "=" + v + " is not a namespace name: " + error);
            return null;
        }
        return v;
    }

    /** A Pod Security Standards level: privileged, baseline or restricted. */
    String podSecurity(String name, String v) {
        if (v == null || v.equals("privileged") || v.equals("baseline") || v.equals("restricted")) {
            return v;
        }
        errors.add(name + "=" + v + " is not a Pod Security Standards level (use privileged, baseline or restricted)");
        return null;
    }

    /**
     * A time zone of the IANA database by name ({@code UTC}, {@code Europe/Berlin}), as KEDA's cron scaler
     * takes it; not an offset, an abbreviation or {@code Local}, which would depend on where KEDA runs.
     */
    String timeZone(String name, String v) {
        if (v == null
                || v.equals("UTC")
                || (v.contains("/") && ZoneId.getAvailableZoneIds().contains(v))) {
            return v;
        }
        errors.add(name + "=" + v + " is not a time zone of the IANA database (use a name such as UTC,"
                + " Europe/Berlin or America/New_York)");
        return null;
    }

    /** What the ScaledObject scales on: the gateway's metrics (prometheus) or its pipeline status API. */
    String scalingSignal(String name, String v) {
        if (v == null
                || v.equals(GatewaySettings.SIGNAL_PROMETHEUS)
                || v.equals(GatewaySettings.SIGNAL_PIPELINE_STATUS)) {
            return v;
        }
        errors.add(name + "=" + v + " is not a scaling signal (use " + GatewaySettings.SIGNAL_PROMETHEUS + " or "
                + GatewaySettings.SIGNAL_PIPELINE_STATUS + ")");
        return null;
    }

    AuthMode mode(String name, String v) {
        if (v == null) {
            return null;
        }
        AuthMode mode = AuthMode.parse(v).orElse(null);
        if (mode == null) {
            errors.add(name + "=" + v + " is not an auth mode (use deriveFromStore, keys or open)");
        }
        return mode;
    }

    Integer ceiling(String name, String v) {
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        errors.add(name + "=" + v + " is not a whole number of at least 1");
        return null;
    }
}
