package com.hevlayer.layerrender.render;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link ModelJson#tree} writes the fabric8 classes that layer-render renders, as their Jackson
 * annotations say (property name, field, order, whether an empty value is left out, the any-getter),
 * read once when this was generated, not in every process: parsing those annotations (and making a
 * proxy class per annotation type) was a fifth of a cold render's main-thread samples once Jackson's
 * serializers were gone (BENCHMARKS.md, "Cold start"). A class not listed is read from its
 * annotations, so the list speeds up, never decides.
 *
 * <p>One line per class: its name, then its properties in writing order, each {@code json=field}
 * ({@code json} alone when the field has the same name), {@code ?} when an empty value is left out,
 * and {@code *} for the any-getter's map. {@code ModelLayoutTest} keeps {@link #TEXT} equal to the
 * annotations of every class met rendering the golden inputs ({@code -Dgolden.update=true} rewrites it).
 */
final class ModelLayout {
    static final String TEXT = """
            io.fabric8.kubernetes.api.model.Container args? command? env? envFrom? image imagePullPolicy lifecycle livenessProbe name ports? readinessProbe resizePolicy? resources restartPolicy restartPolicyRules? securityContext startupProbe stdin stdinOnce terminationMessagePath terminationMessagePolicy tty volumeDevices? volumeMounts? workingDir *
            io.fabric8.kubernetes.api.model.ContainerPort containerPort hostIP hostPort name protocol *
            io.fabric8.kubernetes.api.model.EnvVar name value valueFrom *
            io.fabric8.kubernetes.api.model.EnvVarSource configMapKeyRef fieldRef fileKeyRef resourceFieldRef secretKeyRef *
            io.fabric8.kubernetes.api.model.GenericKubernetesResource apiVersion kind metadata *
            io.fabric8.kubernetes.api.model.LabelSelector matchExpressions? matchLabels? *
            io.fabric8.kubernetes.api.model.ObjectMeta annotations? creationTimestamp deletionGracePeriodSeconds deletionTimestamp finalizers? generateName generation labels? managedFields? name namespace ownerReferences? resourceVersion selfLink uid *
            io.fabric8.kubernetes.api.model.PodSpec activeDeadlineSeconds affinity automountServiceAccountToken containers? dnsConfig dnsPolicy enableServiceLinks ephemeralContainers? hostAliases? hostIPC hostNetwork hostPID hostUsers hostname hostnameOverride imagePullSecrets? initContainers? nodeName nodeSelector? os overhead? preemptionPolicy priority priorityClassName readinessGates? resourceClaims? resources restartPolicy runtimeClassName schedulerName schedulingGates? securityContext serviceAccount serviceAccountName setHostnameAsFQDN shareProcessNamespace subdomain terminationGracePeriodSeconds tolerations? topologySpreadConstraints? volumes? *
            io.fabric8.kubernetes.api.model.PodTemplateSpec metadata spec *
            io.fabric8.kubernetes.api.model.Probe exec failureThreshold grpc httpGet initialDelaySeconds periodSeconds successThreshold tcpSocket terminationGracePeriodSeconds timeoutSeconds *
            io.fabric8.kubernetes.api.model.ResourceRequirements claims? limits? requests? *
            io.fabric8.kubernetes.api.model.SecretKeySelector key name optional *
            io.fabric8.kubernetes.api.model.Service apiVersion kind metadata spec status *
            io.fabric8.kubernetes.api.model.ServicePort appProtocol name nodePort port protocol targetPort *
            io.fabric8.kubernetes.api.model.ServiceSpec allocateLoadBalancerNodePorts clusterIP clusterIPs? externalIPs? externalName externalTrafficPolicy healthCheckNodePort internalTrafficPolicy ipFamilies? ipFamilyPolicy loadBalancerClass loadBalancerIP loadBalancerSourceRanges? ports? publishNotReadyAddresses selector? sessionAffinity sessionAffinityConfig trafficDistribution type *
            io.fabric8.kubernetes.api.model.TCPSocketAction host port *
            io.fabric8.kubernetes.api.model.Toleration effect key operator tolerationSeconds value *
            io.fabric8.kubernetes.api.model.apps.Deployment apiVersion kind metadata spec status *
            io.fabric8.kubernetes.api.model.apps.DeploymentSpec minReadySeconds paused progressDeadlineSeconds replicas revisionHistoryLimit selector strategy template *
            io.fabric8.kubernetes.api.model.apps.DeploymentStrategy rollingUpdate type *
            io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment maxSurge maxUnavailable *
            """;

    private static final Map<String, List<String>> BY_CLASS = parse(TEXT);

    private ModelLayout() {}

    /** The properties of the class named {@code className}, or null when it is not listed. */
    static List<String> of(String className) {
        return BY_CLASS.get(className);
    }

    static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] words = line.strip().split(" ");
            if (words.length > 0 && !words[0].isEmpty()) {
                out.put(words[0], List.of(words).subList(1, words.length));
            }
        }
        return Map.copyOf(out);
    }
}
