package com.hevlayer.layerrender.render;

import com.hevlayer.layerrender.validate.Code;

/**
 * A rule of rendering that the input breaks. Every rule of rendering is about the worker's pod
 * (its podSpec patch, the credential entry in it, the pod's validity), so every violation is of
 * {@link Code#INVALID_POD_SPEC}.
 *
 * @param pointer JSON pointer into the Pipeline document where the user should look
 * @param message what is wrong and what would be right
 */
public record Violation(String pointer, String message) {

    /** The problem code of every rendering violation. */
    public Code code() {
        return Code.INVALID_POD_SPEC;
    }
}
