package com.hevlayer.layerrender.validate;

import java.util.Collection;

/** Suggests the known word nearest to a misspelt one. */
public final class DidYouMean {
    private DidYouMean() {}

    /** The closest candidate within a small edit distance, or null. */
    public static String suggest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = c.equalsIgnoreCase(word) ? 0 : distance(word.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        if (bestDistance <= allowed) {
            return best;
        }
        if (word.length() >= 3) {
            for (String c : candidates) {
                if (c.toLowerCase().startsWith(word.toLowerCase())) {
                    return c; // a cut-short word: "auto" for "autoscale"
                }
            }
        }
        return null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
