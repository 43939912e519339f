package com.hevlayer.layerrender.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconciler's one list of child kinds: where each lives in the API, as the reconciler applied them before the list was one. */
class ChildKindTest {

    @Test
    void eachKindLivesWhereItsObjectsAreApplied() {
        assertContext(ChildKind.DEPLOYMENT, "apps", "v1", "Deployment", "deployments");
        assertContext(ChildKind.SERVICE, "", "v1", "Service", "services");
        assertContext(ChildKind.SCALED_OBJECT, "keda.sh", "v1alpha1", "ScaledObject", "scaledobjects");
        assertContext(
                ChildKind.TRIGGER_AUTHENTICATION,
                "keda.sh",
                "v1alpha1",
                "TriggerAuthentication",
                "triggerauthentications");
    }

    @Test
    void theKindsInApplyAndWatchOrderAndWhichAreDeletedWhenUnwanted() {
        assertEquals(
                List.of("Deployment", "Service", "ScaledObject", "TriggerAuthentication"),
                Arrays.stream(ChildKind.values()).map(k -> k.kind).toList());
        assertEquals(
                List.of("Service", "ScaledObject", "TriggerAuthentication"),
                Arrays.stream(ChildKind.values())
                        .filter(k -> k.deletedWhenUnwanted)
                        .map(k -> k.kind)
                        .toList());
    }

    @Test
    void aKindIsFoundByItsNameAndAnUnknownOneIsRefused() {
        for (ChildKind k : ChildKind.values()) {
            assertEquals(k, ChildKind.of(k.kind));
        }
        assertThrows(IllegalArgumentException.class, () -> ChildKind.of("ConfigMap"));
    }

    private static void assertContext(ChildKind k, String group, String version, String kind, String plural) {
        ResourceDefinitionContext c = k.context;
        assertEquals(group, c.getGroup(), k + " group");
        assertEquals(version, c.getVersion(), k + " version");
        assertEquals(kind, c.getKind(), k + " kind");
        assertEquals(plural, c.getPlural(), k + " plural");
        assertEquals(true, c.isNamespaceScoped(), k + " namespaced");
        assertEquals(plural, k.sourceName(), k + " informer name");
    }
}
