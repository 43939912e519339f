package com.hevlayer.layerrender.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The kinds of object the reconciler renders for a Pipeline, watches and applies: the one list of them.
 * Each knows its fabric8 type (and so where it lives in the API, without discovery), the name of its
 * informer, and whether the reconciler deletes it when a Pipeline no longer renders it.
 */
enum ChildKind {
    DEPLOYMENT(Deployment.class, false),
    SERVICE(Service.class, true),
    SCALED_OBJECT(ScaledObjectResource.class, true),
    TRIGGER_AUTHENTICATION(TriggerAuthenticationResource.class, true);

    /** The kind as rendered objects spell it. */
    final String kind;

    final Class<? extends HasMetadata> type;

    /** Group, version, kind and plural, for applying and deleting through the generic client. */
    final ResourceDefinitionContext context;

    /** Deleted when the Pipeline no longer renders one (the Deployment is always rendered). */
    final boolean deletedWhenUnwanted;

    ChildKind(Class<? extends HasMetadata> type, boolean deletedWhenUnwanted) {
        this.type = type;
        this.kind = HasMetadata.getKind(type);
        this.context = ResourceDefinitionContext.fromResourceType(type);
        this.deletedWhenUnwanted = deletedWhenUnwanted;
    }

    /** The name of this kind's informer (its plural). */
    String sourceName() {
        return context.getPlural();
    }

    static ChildKind of(String kind) {
        for (ChildKind k : values()) {
            if (k.kind.equals(kind)) {
                return k;
            }
        }
        throw new IllegalArgumentException(kind);
    }
}
