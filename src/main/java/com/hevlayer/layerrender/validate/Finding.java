package com.hevlayer.layerrender.validate;

/**
 * What a checker of Kubernetes' own rules found wrong, before it is a {@link Problem}: a place and a
 * message, nothing about the document or the front end. {@link ApiServerRules} and
 * {@link DeploymentSchema} return these; the engine turns each into a {@link Problem} with its code,
 * the document's position of the pointer and the object's {@link ObjectRef}.
 *
 * @param pointer JSON pointer, relative to the value checked
 * @param message what is wrong, in the API server's words where it has them
 */
public record Finding(String pointer, String message) {}
