package com.hevlayer.layerrender.render;

/**
 * A rule of rendering that the input breaks.
 *
 * @param pointer JSON pointer into the Pipeline document where the user should look
 * @param message what is wrong and what would be right
 */
public record Violation(String pointer, String message) {}
