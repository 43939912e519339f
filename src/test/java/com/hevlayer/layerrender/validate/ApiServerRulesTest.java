package com.hevlayer.layerrender.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table tests of the API server's rules that no schema states, each row citing where Kubernetes
 * makes it (k8s.io/kubernetes pkg/apis/core/validation and k8s.io/apimachinery util/validation).
 */
class ApiServerRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** validation.IsQualifiedName: an optional DNS-1123 subdomain prefix, then a name part of at most 63. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "nvidia.com/gpu | ok",
                "layer.hev.dev/node-role | ok",
                "a | ok",
                "A_b.c-D | ok",
                "-a | name",
                "a- | name",
                "bad key! | name",
                "'' | name",
                "Example.com/x | prefix",
                "/x | prefix",
                "a/b/c | prefix",
            })
    void qualifiedNames(String key, String want) {
        String e = ApiServerRules.qualifiedNameError(key);
        assertEquals(want, e == null ? "ok" : e.startsWith("prefix") ? "prefix" : "name", key + ": " + e);
    }

    /** validation.IsValidLabelValue: empty, or at most 63 alphanumerics, '-', '_', '.' with alphanumeric ends. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'' | ok",
                "worker-cpu | ok",
                "v1.2_3 | ok",
                "-x | bad",
                "x. | bad",
                "a b | bad",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | ok",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | bad",
            })
    void labelValues(String value, String want) {
        assertEquals(want, ApiServerRules.labelValueError(value) == null ? "ok" : "bad", value);
    }

    /** resource.Quantity's regular expression (apimachinery pkg/api/resource/quantity.go). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1 | true",
                "500m | true",
                "4Gi | true",
                "1.5 | true",
                ".5 | true",
                "1e3 | true",
                "+1 | true",
                "lots | false",
                "4GB | false",
                "1.2.3 | false",
                "'' | false",
                "Gi | false",
            })
    void quantities(String q, boolean valid) {
        assertEquals(valid, ApiServerRules.isQuantity(q), q);
    }

    /** ValidateTolerations (pkg/apis/core/validation/validation.go): one row per rule, the pointer it names. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{key: a, operator: Equal, value: b, effect: NoSchedule} | ''",
                "{operator: Exists} | ''",
                "{key: a, effect: ''} | ''",
                "{key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 60} | ''",
                "{operator: Equal, value: x} | /0/operator",
                "{key: '', value: x} | /0/operator",
                "{key: a, operator: Exists, value: b} | /0/value",
                "{key: a, value: 'not a label value!'} | /0/value",
                "{key: 'bad key!'} | /0/key",
                "{key: a, operator: Equals} | /0/operator",
                "{key: a, effect: NoSchedul} | /0/effect",
                "{key: a, effect: NoSchedule, tolerationSeconds: 5} | /0/effect",
            })
    void tolerations(String toleration, String pointer) throws Exception {
        JsonNode list = JSON.createArrayNode()
                .add(new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(toleration));
        List<Finding> f = ApiServerRules.tolerations(list);
        assertEquals(pointer, f.isEmpty() ? "" : f.get(0).pointer(), toleration + ": " + f);
        assertEquals(pointer.isEmpty() ? 0 : 1, f.size(), toleration + ": " + f);
    }

    /**
     * ValidatePodTemplateSpecForReplicaSet / ValidatePodSpec / validateContainers
     * (pkg/apis/core/validation/validation.go), one row per rule: a pod spec and the pointer of its
     * first finding ("" when the API server accepts it).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{containers: [{name: w, image: i}]} | ''",
                "{containers: [{name: W, image: i}]} | /containers/0/name",
                "{containers: [{name: w, image: ' i'}]} | /containers/0/image",
                "{containers: [{name: w, image: 'i j'}]} | /containers/0/image",
                "{containers: [{name: w}]} | /containers/0/image",
                "{initContainers: [{name: 'init_1', image: i}], containers: [{name: w, image: i}]} | /initContainers/0/name",
                "{containers: [{name: w, image: i, ports: [{name: http, containerPort: 80}]}]} | ''",
                "{containers: [{name: w, image: i, ports: [{name: metrics_port, containerPort: 80}]}]} | /containers/0/ports/0/name",
                "{containers: [{name: w, image: i, ports: [{name: '123', containerPort: 80}]}]} | /containers/0/ports/0/name",
                "{containers: [{name: w, image: i, ports: [{containerPort: 0}]}]} | /containers/0/ports/0/containerPort",
                "{containers: [{name: w, image: i, ports: [{containerPort: 80, protocol: HTTP}]}]} | /containers/0/ports/0/protocol",
                "{containers: [{name: w, image: i, ports: [{name: a, containerPort: 80}, {name: a, containerPort: 81}]}]} | /containers/0/ports/1/name",
                "{volumes: [{name: Data, emptyDir: {}}], containers: [{name: w, image: i}]} | /volumes/0/name",
                "{volumes: [{name: d, emptyDir: {}}, {name: d, emptyDir: {}}], containers: [{name: w, image: i}]} | /volumes/1/name",
                "{volumes: [{name: d, emptyDir: {}}], containers: [{name: w, image: i, volumeMounts: [{name: d, mountPath: /d}]}]} | ''",
                "{containers: [{name: w, image: i, volumeMounts: [{name: x, mountPath: /x}]}]} | /containers/0/volumeMounts/0/name",
                "{containers: [{name: w, image: i, env: [{name: LOG_LEVEL, value: x}]}]} | ''",
                "{containers: [{name: w, image: i, env: [{name: 1X, value: x}]}]} | /containers/0/env/0/name",
                "{containers: [{name: w, image: i, env: [{name: 'A B', value: x}]}]} | /containers/0/env/0/name",
                "{containers: [{name: w, image: i, env: [{name: T, valueFrom: {secretKeyRef: {name: Bad_Name, key: k}}}]}]} | /containers/0/env/0/valueFrom/secretKeyRef/name",
                "{containers: [{name: w, image: i, env: [{name: T, valueFrom: {secretKeyRef: {name: s, key: 'a/b'}}}]}]} | /containers/0/env/0/valueFrom/secretKeyRef/key",
                "{containers: [{name: w, image: i, env: [{name: T, valueFrom: {configMapKeyRef: {name: s, key: '..x'}}}]}]} | /containers/0/env/0/valueFrom/configMapKeyRef/key",
                "{containers: [{name: w, image: i, resources: {requests: {cpu: 2}, limits: {cpu: 1}}}]} | /containers/0/resources/requests/cpu",
                "{containers: [{name: w, image: i, resources: {requests: {cpu: 500m}, limits: {cpu: 1}}}]} | ''",
                "{containers: [{name: w, image: i, resources: {requests: {memory: 4GB}}}]} | /containers/0/resources/requests/memory",
                "{restartPolicy: Never, containers: [{name: w, image: i}]} | /restartPolicy",
                "{restartPolicy: Always, containers: [{name: w, image: i}]} | ''",
                "{activeDeadlineSeconds: 10, containers: [{name: w, image: i}]} | /activeDeadlineSeconds",
                "{ephemeralContainers: [{name: d, image: i}], containers: [{name: w, image: i}]} | /ephemeralContainers",
                "{nodeSelector: {'bad key!': x}, containers: [{name: w, image: i}]} | /nodeSelector/bad key!",
                "{serviceAccountName: Bad_SA, containers: [{name: w, image: i}]} | /serviceAccountName",
                "{hostname: my.host, containers: [{name: w, image: i}]} | /hostname",
            })
    void podTemplates(String pod, String pointer) throws Exception {
        JsonNode spec = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(pod);
        List<Finding> f = ApiServerRules.podTemplate(spec);
        assertEquals(pointer, f.isEmpty() ? "" : f.get(0).pointer(), pod + ": " + f);
    }
}
