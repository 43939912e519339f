package com.hevlayer.layerrender.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StrategicMergeTest {
    static ObjectNode json(String s) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(s.replace('\'', '"'));
    }

    @Test
    void containersMergeByNameAndNewOnesAreAppended() throws Exception {
        ObjectNode base = json("{'containers':[{'name':'worker','image':'a','env':[{'name':'A','value':'1'}]}]}");
        ObjectNode patch =
                json("{'containers':[{'name':'side','image':'s'},{'name':'worker','env':[{'name':'B','value':'2'}]}]}");
        assertEquals(
                json(
                        "{'containers':[{'name':'worker','image':'a','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]},"
                                + "{'name':'side','image':'s'}]}"),
                StrategicMerge.apply(base, patch));
    }

    @Test
    void otherListsReplaceAndNullRemoves() throws Exception {
        ObjectNode base = json("{'tolerations':[{'key':'a'}],'nodeSelector':{'x':'1','y':'2'}}");
        ObjectNode patch = json("{'tolerations':[{'key':'b'}],'nodeSelector':{'y':null,'z':'3'}}");
        assertEquals(
                json("{'tolerations':[{'key':'b'}],'nodeSelector':{'x':'1','z':'3'}}"),
                StrategicMerge.apply(base, patch));
    }

    @Test
    void volumeMountsMergeOnMountPathAndDeleteDirectiveRemoves() throws Exception {
        ObjectNode base = json(
                "{'containers':[{'name':'w','volumeMounts':[{'name':'a','mountPath':'/a'},{'name':'b','mountPath':'/b'}]}]}");
        ObjectNode patch = json(
                "{'containers':[{'name':'w','volumeMounts':[{'mountPath':'/a','$patch':'delete'},{'name':'c','mountPath':'/b','readOnly':true}]}]}");
        assertEquals(
                json("{'containers':[{'name':'w','volumeMounts':[{'name':'c','mountPath':'/b','readOnly':true}]}]}"),
                StrategicMerge.apply(base, patch));
    }

    @Test
    void mapReplaceDirective() throws Exception {
        ObjectNode base = json("{'securityContext':{'runAsUser':1,'fsGroup':2}}");
        ObjectNode patch = json("{'securityContext':{'$patch':'replace','runAsUser':5}}");
        assertEquals(json("{'securityContext':{'runAsUser':5}}"), StrategicMerge.apply(base, patch));
    }

    @Test
    void itemsWithoutMergeKeyAreRejectedWithTheirPlace() throws Exception {
        StrategicMerge.PatchException e = assertThrows(
                StrategicMerge.PatchException.class,
                () -> StrategicMerge.apply(json("{'containers':[]}"), json("{'containers':[{'image':'x'}]}")));
        assertEquals("/containers/0", e.pointer);
    }
}
