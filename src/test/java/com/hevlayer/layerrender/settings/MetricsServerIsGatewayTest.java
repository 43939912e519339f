package com.hevlayer.layerrender.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which metrics servers are the gateway's own /v2/metrics: same scheme, host and port, and that path. */
class MetricsServerIsGatewayTest {
    private static boolean isGateway(String base, String metrics) {
        SettingsLayer l = SettingsLayer.empty("flags").withBaseUrl(base).withMetricsServer(metrics);
        return GatewaySettings.resolve(null, List.of(l)).metricsServerIsGateway();
    }

    @Test
    void theGatewayWrittenInAnyEquivalentWay() {
        assertEquals(true, isGateway(null, null), "the default");
        assertEquals(true, isGateway("http://gw.layer.svc:8080", null), "derived from the base URL");
        assertEquals(true, isGateway("http://gw.layer.svc:8080/", "http://gw.layer.svc:8080/v2/metrics"));
        assertEquals(true, isGateway("http://gw:80", "http://GW/v2/metrics/"), "default port, host case, slash");
        assertEquals(true, isGateway("https://gw.example.com", "https://gw.example.com:443/v2/metrics"));
        assertEquals(true, isGateway("https://gw.example.com/layer", "https://gw.example.com/layer/v2/metrics"));
    }

    @Test
    void anythingElseIsNot() {
        assertEquals(false, isGateway("http://gw:8080", "http://prometheus.monitoring:9090"));
        assertEquals(false, isGateway("http://gw:8080", "http://gw:9090/v2/metrics"), "another port");
        assertEquals(false, isGateway("http://gw:8080", "https://gw:8080/v2/metrics"), "another scheme");
        assertEquals(false, isGateway("http://gw:8080", "http://gw.evil:8080/v2/metrics"), "another host");
        assertEquals(false, isGateway("http://gw:8080", "http://gw:8080/prometheus"), "another path");
        assertEquals(false, isGateway("https://gw.example.com/layer", "https://gw.example.com/v2/metrics"));
        assertEquals(false, isGateway("http://gw:8080", "http://gw:8080/v2/metrics?x=1"), "a query");
    }
}
