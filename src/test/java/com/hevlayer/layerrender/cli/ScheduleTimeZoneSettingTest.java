package com.hevlayer.layerrender.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule time zone is a setting like the gateway's, in every front end: UTC by default (the
 * vendor's CRD says the cron is UTC), environment < Argo CD plugin env < Argo CD parameters < flags;
 * environment < KRM functionConfig (both its forms). A bad zone is refused by its front end's name.
 */
class ScheduleTimeZoneSettingTest {
    static final String PIPELINE =
            "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: nightly, namespace: refresh}\n"
                    + "spec:\n  target: {namespace: t}\n  worker:\n    image: ghcr.io/hev/w:1\n"
                    + "  scaling: {replicas: {max: 2}}\n  schedule: {cron: '0 2 * * *'}\n";

    private static InProcess.Result render(Path dir, Map<String, String> env, String... flags) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, PIPELINE);
        String[] args = new String[flags.length + 2];
        args[0] = "render";
        System.arraycopy(flags, 0, args, 1, flags.length);
        args[args.length - 1] = file.toString();
        return InProcess.run(new byte[0], env, args);
    }

    private static String zone(InProcess.Result r) {
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        int at = out.indexOf("timezone: ");
        assertTrue(at >= 0, out);
        return out.substring(at + "timezone: ".length(), out.indexOf('\n', at));
    }

    @Test
    void utcByDefaultEnvironmentThenFlag(@TempDir Path dir) throws Exception {
        assertEquals("UTC", zone(render(dir, Map.of())));
        assertEquals("Europe/Berlin", zone(render(dir, Map.of("SCHEDULE_TIME_ZONE", "Europe/Berlin"))));
        assertEquals(
                "Asia/Tokyo",
                zone(render(dir, Map.of("SCHEDULE_TIME_ZONE", "Europe/Berlin"), "--schedule-time-zone", "Asia/Tokyo")));
        InProcess.Result bad = render(dir, Map.of("SCHEDULE_TIME_ZONE", "CEST"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("SCHEDULE_TIME_ZONE=CEST is not a time zone of the IANA database"), bad.err());
        InProcess.Result local = render(dir, Map.of(), "--schedule-time-zone", "Local");
        assertEquals(2, local.code(), "Local would be wherever KEDA runs");
    }

    @Test
    void argoCdPluginEnvAndParameters(@TempDir Path dir) throws Exception {
        assertEquals(
                "Europe/Paris", zone(render(dir, Map.of("ARGOCD_ENV_SCHEDULE_TIME_ZONE", "Europe/Paris"), "--argocd")));
        assertEquals(
                "America/Chicago",
                zone(render(
                        dir,
                        Map.of(
                                "ARGOCD_ENV_SCHEDULE_TIME_ZONE",
                                "Europe/Paris",
                                "ARGOCD_APP_PARAMETERS",
                                "[{\"name\":\"schedule-time-zone\",\"string\":\"America/Chicago\"}]"),
                        "--argocd")));
        InProcess.Result bad = render(
                dir,
                Map.of("ARGOCD_APP_PARAMETERS", "[{\"name\":\"schedule-time-zone\",\"string\":\"Mars/Olympus\"}]"),
                "--argocd");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("parameter schedule-time-zone=Mars/Olympus is not a time zone"), bad.err());
    }

    @Test
    void krmFunctionConfig() {
        String item = "- " + PIPELINE.replace("\n", "\n  ").trim() + "\n";
        for (String config : new String[] {
            "  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: cfg}\n  data: {schedule-time-zone: Asia/Kolkata}\n",
            "  apiVersion: fn.hevlayer.com/v1alpha1\n  kind: LayerRender\n  metadata: {name: cfg}\n  spec: {scheduleTimeZone: Asia/Kolkata}\n"
        }) {
            InProcess.Result ok = CliTest.run(
                    KrmCommandTest.list(item, config), Map.of("SCHEDULE_TIME_ZONE", "Europe/Berlin"), "krm");
            assertEquals(0, ok.code(), ok.err());
            assertTrue(ok.out().contains("timezone: Asia/Kolkata"), ok.out());
        }
        InProcess.Result env =
                CliTest.run(KrmCommandTest.list(item, null), Map.of("SCHEDULE_TIME_ZONE", "Europe/Berlin"), "krm");
        assertTrue(env.out().contains("timezone: Europe/Berlin"), env.out());
    }
}
