package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** The Pipeline custom resource, the reconciler's primary. Spec and status stay JSON trees: the renderer reads them as the CLI reads a file. */
@Group("hevlayer.com")
@Version("v1alpha1")
@Kind("Pipeline")
@Plural("pipelines")
public class PipelineResource extends CustomResource<JsonNode, JsonNode> implements Namespaced {}
