package com.hevlayer.layerrender.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** VectorStore; the default one of a Pipeline's namespace decides its credential. Spec and status stay JSON trees: the renderer reads them as the CLI reads a file. */
@Group("hevlayer.com")
@Version("v1alpha1")
@Kind("VectorStore")
@Plural("vectorstores")
public class VectorStoreResource extends CustomResource<JsonNode, JsonNode> implements Namespaced {}
