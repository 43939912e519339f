package com.hevlayer.layerrender.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether a pod's required node affinity leaves it a node of the pool (labels role=worker-cpu, size=4). */
class PoolContainmentTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> POOL = new LinkedHashMap<>(Map.of("role", "worker-cpu", "size", "4"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // no required terms: any node
                "{} | true",
                "{nodeSelectorTerms: []} | true",
                // In / NotIn on the pool's labels
                "{nodeSelectorTerms: [{matchExpressions: [{key: role, operator: In, values: [worker-cpu, x]}]}]} | true",
                "{nodeSelectorTerms: [{matchExpressions: [{key: role, operator: In, values: [worker-gpu]}]}]} | false",
                "{nodeSelectorTerms: [{matchExpressions: [{key: role, operator: NotIn, values: [worker-cpu]}]}]} | false",
                "{nodeSelectorTerms: [{matchExpressions: [{key: role, operator: NotIn, values: [worker-gpu]}]}]} | true",
                // Exists / DoesNotExist
                "{nodeSelectorTerms: [{matchExpressions: [{key: role, operator: Exists}]}]} | true",
                "{nodeSelectorTerms: [{matchExpressions: [{key: role, operator: DoesNotExist}]}]} | false",
                // Gt / Lt on an integer label
                "{nodeSelectorTerms: [{matchExpressions: [{key: size, operator: Gt, values: ['3']}]}]} | true",
                "{nodeSelectorTerms: [{matchExpressions: [{key: size, operator: Gt, values: ['4']}]}]} | false",
                "{nodeSelectorTerms: [{matchExpressions: [{key: size, operator: Lt, values: ['5']}]}]} | true",
                "{nodeSelectorTerms: [{matchExpressions: [{key: role, operator: Gt, values: ['1']}]}]} | false",
                // labels the pool does not fix: some node of the pool may carry them
                "{nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]} | true",
                // expressions are ANDed, terms ORed
                "{nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}, {key: role, operator: In, values: [x]}]}]} | false",
                "{nodeSelectorTerms: [{matchExpressions: [{key: role, operator: In, values: [x]}]}, {matchExpressions: [{key: zone, operator: Exists}]}]} | true",
            })
    void requiredAffinityAgainstThePoolsLabels(String required, boolean allowed) throws Exception {
        JsonNode affinity =
                YAML.readTree("{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: " + required + "}}");
        assertEquals(allowed, PoolContainment.affinityAllowsThePool(affinity, POOL), required);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "nvidia.com/gpu | true",
                "example.com/fpga | true",
                "hugepages-2Mi | true",
                "cpu | false",
                "memory | false",
                "ephemeral-storage | false",
            })
    void extendedResourcesAreThoseWithADomainAndHugepages(String resource, boolean extended) {
        assertEquals(extended, PoolContainment.isExtended(resource));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "274877906944 | 256Gi",
                "1024 | 1Ki",
                "1536 | 1536",
                "32 | 32",
                "1.5 | 1.5",
                "1048576 | 1Mi",
            })
    void amountsAreWrittenAsAPersonWould(String bytes, String written) {
        assertEquals(written, PoolContainment.amount(new BigDecimal(bytes)));
    }
}
