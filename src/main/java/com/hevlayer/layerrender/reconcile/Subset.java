package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Whether every field we apply already has our value in the live object. The API server adds
 * fields (defaults, status, managedFields, other managers' fields); those do not count. Used to
 * skip an apply when nothing would change, so that a resync makes no write.
 *
 * <ul>
 *   <li>maps: every desired key is present with a matching value;</li>
 *   <li>lists of objects with a unique {@code name} or {@code uid}: every desired item matches the live
 *       item of the same key, and no live item of ours was added or removed (same length);</li>
 *   <li>other lists: same length, item by item;</li>
 *   <li>scalars: equal; strings that are Kubernetes quantities compare by value ({@code 1000m} = {@code 1}),
 *       as the API server rewrites them to canonical form.</li>
 * </ul>
 */
public final class Subset {
    private Subset() {}

    public static boolean contains(JsonNode actual, JsonNode desired) {
        if (desired == null || desired.isNull() || desired.isMissingNode()) {
            return true;
        }
        if (actual == null || actual.isNull() || actual.isMissingNode()) {
            return false;
        }
        if (desired.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = desired.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!contains(actual.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!actual.isArray()) {
                return false;
            }
            String key = key(desired);
            if (key != null) {
                for (JsonNode d : desired) {
                    JsonNode match = null;
                    for (JsonNode a : actual) {
                        if (a.path(key).equals(d.path(key))) {
                            match = a;
                            break;
                        }
                    }
                    if (match == null || !contains(match, d)) {
                        return false;
                    }
                }
                // owner references may be added by others; named items (containers, env) may not
                return key.equals("uid") || actual.size() == desired.size();
            }
            if (actual.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!contains(actual.get(i), desired.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isNumber() && actual.isNumber()) {
            return desired.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (desired.equals(actual)) {
            return true;
        }
        return desired.isTextual() && actual.isTextual() && sameQuantity(desired.asText(), actual.asText());
    }

    private static String key(JsonNode list) {
        if (list.size() == 0 || !list.get(0).isObject()) {
            return null;
        }
        for (String k : new String[] {"uid", "name"}) {
            Set<String> seen = new HashSet<>();
            boolean unique = true;
            for (JsonNode item : list) {
                unique &= item.path(k).isTextual() && seen.add(item.path(k).asText());
            }
            if (unique) {
                return k;
            }
        }
        return null;
    }

    private static boolean sameQuantity(String a, String b) {
        if (a.isEmpty()
                || b.isEmpty()
                || !Character.isDigit(a.charAt(0)) && a.charAt(0) != '.'
                || !Character.isDigit(b.charAt(0)) && b.charAt(0) != '.') {
            return false;
        }
        try {
            BigDecimal x = Quantity.getAmountInBytes(Quantity.parse(a));
            BigDecimal y = Quantity.getAmountInBytes(Quantity.parse(b));
            return x.compareTo(y) == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
