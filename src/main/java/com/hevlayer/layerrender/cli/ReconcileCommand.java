package com.hevlayer.layerrender.cli;

import com.hevlayer.layerrender.reconcile.Log;
import com.hevlayer.layerrender.reconcile.OpsServer;
import com.hevlayer.layerrender.reconcile.ReconcilerApp;
import com.hevlayer.layerrender.reconcile.ReconcilerMetrics;
import com.hevlayer.layerrender.settings.FrontEndSettings;
import com.hevlayer.layerrender.settings.SettingsLayer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reconcile}: the controller. Watches Pipelines and applies what {@code render} would print. */
@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs as a controller: watches Pipelines, InfraRules/default and VectorStores, applies the rendered"
                    + " objects with server-side apply (field manager layer-render) and reports status on each Pipeline.",
            "Gateway settings come from the operator's environment variables (GATEWAY_BASE_URL,"
                    + " DEFAULT_METRICS_SERVER, GATEWAY_API_SECRET_NAME, GATEWAY_API_SECRET_KEY, GATEWAY_AUTH_MODE, POD_SECURITY_LEVEL,"
                    + " SCHEDULE_TIME_ZONE, MAX_REPLICAS_CEILING, METRICS_SECRET_NAME, METRICS_SECRET_KEY, SCALING_SIGNAL,"
                    + " GATEWAY_API_SECRET_NAMESPACE (where the gateway Secret is copied from into every worker"
                    + " namespace)). Runs until SIGTERM."
        },
        footer = {
            "",
            "Examples:",
            "  # with the current kubeconfig context, every namespace",
            "  layer-render reconcile",
            "  # two namespaces only",
            "  layer-render reconcile --namespace team-a --namespace team-b",
            "  # in a cluster: see deploy/ (kubectl apply -k deploy/)",
            "",
            "Exit status: 0 stopped by SIGTERM, 1 could not start (no cluster reached, say), 2 usage error, 3 internal error."
        })
final class ReconcileCommand implements Callable<Integer> {
    private final Main.Context ctx;

    @Option(
            names = "--namespace",
            paramLabel = "NS",
            description = "Watch only this namespace (may be repeated; default: all namespaces).")
    List<String> namespaces = new ArrayList<>();

    @Option(
            names = "--kubeconfig",
            paramLabel = "PATH",
            description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account).")
    Path kubeconfig;

    @Option(
            names = "--bind",
            paramLabel = "HOST",
            description = "Address of /healthz, /readyz and /metrics (default 0.0.0.0).")
    String bind = "0.0.0.0";

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port of /healthz, /readyz and /metrics (default 8080; 0 picks a free one).")
    int port = 8080;

    @Option(
            names = "--no-leader-election",
            description =
                    "Do not hold a Lease (only for a single replica; by default replicas elect a leader and only it writes).")
    boolean noLeaderElection;

    @Option(
            names = "--lease-namespace",
            paramLabel = "NS",
            description = "Namespace of the Lease (default $POD_NAMESPACE, else the kubeconfig's namespace).")
    String leaseNamespace;

    @Option(names = "--lease-name", paramLabel = "NAME", description = "Name of the Lease (default layer-render).")
    String leaseName = "layer-render";

    @Option(
            names = "--identity",
            paramLabel = "ID",
            description = "This replica's name in the Lease (default $HOSTNAME, else random).")
    String identity;

    @Option(names = "--lease-duration", paramLabel = "DURATION", description = "Lease duration (default 15s).")
    String leaseDuration = "15s";

    @Option(names = "--renew-deadline", paramLabel = "DURATION", description = "Renew deadline (default 10s).")
    String renewDeadline = "10s";

    @Option(
            names = "--retry-period",
            paramLabel = "DURATION",
            description = "Leader election retry period (default 2s).")
    String retryPeriod = "2s";

    @Option(
            names = "--resync",
            paramLabel = "DURATION",
            description = "Reconcile every Pipeline at least this often (default 10m).")
    String resync = "10m";

    @Option(names = "--threads", paramLabel = "N", description = "Concurrent reconciliations (default 4).")
    int threads = 4;

    @Option(
            names = "--retry-initial",
            paramLabel = "DURATION",
            description = "First retry delay after a failed reconcile; doubles up to --retry-max (default 500ms).")
    String retryInitial = "500ms";

    @Option(
            names = "--retry-max",
            paramLabel = "DURATION",
            description = "Longest retry delay (default 60s). Retries never stop.")
    String retryMax = "60s";

    @Option(names = "--quiet", description = "Log warnings only.")
    boolean quiet;

    ReconcileCommand(Main.Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        FrontEndSettings.Read env = FrontEndSettings.environment(ctx.env());
        if (!env.errors().isEmpty()) {
            throw new Main.UsageException(env.errors());
        }
        List<SettingsLayer> layers = List.of(env.layer());
        Log log = new Log(ctx.err(), quiet, Clock.systemUTC());
        Config config;
        if (kubeconfig != null) {
            try {
                config = Config.fromKubeconfig(
                        null, Files.readString(kubeconfig, StandardCharsets.UTF_8), kubeconfig.toString());
            } catch (IOException e) {
                throw new Main.UsageException("cannot read --kubeconfig " + kubeconfig + ": " + e.getMessage());
            }
        } else {
            config = Config.autoConfigure(null);
        }
        ReconcilerApp.Options options = ReconcilerApp.Options.defaults(new LinkedHashSet<>(namespaces), layers)
                .withResync(duration("--resync", resync))
                .withRetry(duration("--retry-initial", retryInitial), duration("--retry-max", retryMax))
                .withThreads(threads);
        if (!noLeaderElection) {
            String ns = leaseNamespace != null
                    ? leaseNamespace
                    : ctx.env().getOrDefault("POD_NAMESPACE", config.getNamespace());
            if (ns == null || ns.isBlank()) {
                throw new Main.UsageException(
                        "leader election needs a namespace for its Lease: set --lease-namespace or POD_NAMESPACE (or --no-leader-election)");
            }
            options = options.withLease(
                    ns,
                    identity != null ? identity : ctx.env().get("HOSTNAME"),
                    duration("--lease-duration", leaseDuration),
                    duration("--renew-deadline", renewDeadline),
                    duration("--retry-period", retryPeriod),
                    true);
        }
        ReconcilerMetrics metrics = new ReconcilerMetrics();
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        ReconcilerApp app = new ReconcilerApp(client, options, metrics, Clock.systemUTC(), log);
        OpsServer ops = new OpsServer(bind, port, app::healthy, app::ready, metrics::scrape);
        log.info("layer-render reconcile: API server " + config.getMasterUrl() + ", namespaces "
                + (namespaces.isEmpty() ? "all" : String.join(",", namespaces)) + ", /healthz /readyz /metrics on port "
                + ops.port()
                + (!noLeaderElection
                        ? ", leader election on Lease " + options.leaseNamespace() + "/" + leaseName
                        : ""));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping");
                            try {
                                app.close();
                            } finally {
                                ops.close();
                                client.close();
                                stopped.countDown();
                            }
                        },
                        "shutdown"));
        try {
            app.start();
        } catch (RuntimeException e) {
            StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                why.append(": ").append(c.getMessage());
            }
            ctx.err().println("layer-render: cannot start the reconciler: " + why);
            return Main.INVALID;
        }
        log.info("started");
        stopped.await();
        return Main.OK;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    static Duration duration(String flag, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new Main.UsageException(flag + "=" + text + " is not a duration (e.g. 500ms, 15s, 10m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
