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
        Cluster cluster = cluster(ctx.env(), kubeconfig);
        Config config = cluster.config();
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
        // the probes first: /healthz answers while the API server is asked and the caches fill
        ReconcilerApp[] started = {null};
        OpsServer ops = new OpsServer(
                bind,
                port,
                () -> started[0] == null || started[0].healthy(), // alive from the first moment
                () -> started[0] != null && started[0].ready(),
                metrics::scrape);
        String unreachable = reachable(config, cluster.source());
        if (unreachable != null) {
            ops.close();
            ctx.err().println(unreachable);
            return Main.INVALID;
        }
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        ReconcilerApp app = new ReconcilerApp(client, options, metrics, Clock.systemUTC(), log);
        started[0] = app;
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
            ctx.err()
                    .println("layer-render: reconcile: cannot start the reconciler against the API server "
                            + config.getMasterUrl() + " (" + cluster.source() + "): " + rootCause(e)
                            + ". Check that this identity may list and watch what deploy/rbac.yaml grants, and that the"
                            + " CRDs (layer-render crds) and KEDA's are installed.");
            ops.close();
            client.close();
            return Main.INVALID;
        }
        log.info("started");
        stopped.await();
        return Main.OK;
    }

    /** Where the cluster's address and credentials came from, as the error messages name it. */
    record Cluster(Config config, String source) {}

    static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

    /**
     * The configuration kubectl would use, in its order: --kubeconfig; $KUBECONFIG; ~/.kube/config; the
     * in-cluster service account (KUBERNETES_SERVICE_HOST and the token file). None: a usage error saying what
     * was tried and what to do, at once (no connection is attempted to an address nobody configured).
     */
    static Cluster cluster(java.util.Map<String, String> env, Path flag) {
        if (flag != null) {
            return new Cluster(kubeconfig(flag, "--kubeconfig " + flag), "--kubeconfig " + flag);
        }
        List<String> tried = new ArrayList<>();
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            List<Path> present = new ArrayList<>();
            for (String entry : list.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    Path p = Path.of(entry);
                    if (Files.exists(p)) {
                        present.add(p);
                    } else {
                        tried.add("KUBECONFIG names " + p + ", which does not exist");
                    }
                }
            }
            if (present.size() == 1) {
                return new Cluster(kubeconfig(present.get(0), "KUBECONFIG=" + list), "KUBECONFIG " + present.get(0));
            }
            if (present.size() > 1) {
                for (Path p : present) {
                    kubeconfig(p, "KUBECONFIG=" + list); // each readable and well-formed, or its reason
                }
                return new Cluster(Config.autoConfigure(null), "KUBECONFIG " + list);
            }
        } else {
            tried.add("KUBECONFIG is not set");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path user = Path.of(home, ".kube", "config");
        if (list == null || list.isBlank()) {
            if (Files.exists(user)) {
                return new Cluster(kubeconfig(user, user.toString()), user.toString());
            }
            tried.add(user + " does not exist");
        }
        String host = env.get("KUBERNETES_SERVICE_HOST");
        Path token = Path.of(SERVICE_ACCOUNT, "token");
        if (host == null || host.isBlank()) {
            tried.add("not in a cluster (KUBERNETES_SERVICE_HOST is not set"
                    + (Files.exists(token) ? "" : ", and there is no service-account token " + token) + ")");
        } else if (!Files.isReadable(token)) {
            tried.add("KUBERNETES_SERVICE_HOST is " + host + " but the service-account token " + token
                    + " is missing or unreadable (automountServiceAccountToken: false?)");
        } else {
            return new Cluster(Config.autoConfigure(null), "the in-cluster service account (" + SERVICE_ACCOUNT + ")");
        }
        throw new Main.UsageException("reconcile: no cluster configured: " + String.join("; ", tried)
                + ". Give --kubeconfig PATH or set KUBECONFIG, or create ~/.kube/config (kubectl config"
                + " view should show a current context), or run it in a pod with a service account (deploy/).");
    }

    /** One kubeconfig file read and parsed, or a usage error naming the file and what is wrong with it. */
    static Config kubeconfig(Path file, String from) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new Main.UsageException(
                        "reconcile: kubeconfig " + file + " (from " + from + ") is a folder, not a file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new Main.UsageException(
                    "reconcile: cannot read kubeconfig " + file + " (from " + from
                            + "): permission denied; make it readable by this user (chmod/chown) or point KUBECONFIG elsewhere");
        } catch (IOException e) {
            throw new Main.UsageException("reconcile: cannot read kubeconfig " + file + " (from " + from + "): "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        String bad = "reconcile: kubeconfig " + file + " (from " + from + ") is not usable: ";
        String fix = "; check it with kubectl --kubeconfig " + file + " config view";
        Config config;
        try {
            config = Config.fromKubeconfig(null, text, file.toString());
        } catch (RuntimeException e) {
            throw new Main.UsageException(bad + rootCause(e) + fix);
        }
        if (config.getCurrentContext() == null) {
            throw new Main.UsageException(bad + "it has no current-context (or names one it does not define)" + fix);
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new Main.UsageException(bad + "its current context's cluster has no server" + fix);
        }
        return config;
    }

    /**
     * Null when the API server answers at all (any HTTP status: permissions are the reconciler's to report),
     * else the one-paragraph reason. One attempt with a short connect timeout, not the client's retries.
     */
    static String reachable(Config config, String source) {
        int retries = config.getRequestRetryBackoffLimit();
        int connect = config.getConnectionTimeout();
        config.setRequestRetryBackoffLimit(0);
        config.setConnectionTimeout(5_000);
        try (KubernetesClient probe =
                new KubernetesClientBuilder().withConfig(config).build()) {
            probe.getKubernetesVersion();
            return null;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() > 0) {
                return null;
            }
            return "layer-render: reconcile: cannot reach the API server " + config.getMasterUrl() + " (from " + source
                    + "): " + rootCause(e) + ". Check that the cluster is up and that this address is right"
                    + " (kubectl cluster-info uses the same configuration), or give another --kubeconfig.";
        } finally {
            config.setRequestRetryBackoffLimit(retries);
            config.setConnectionTimeout(connect);
        }
    }

    /** The innermost cause's message (the one that says what actually failed), with its type when it has none. */
    static String rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return (m == null || m.isBlank() ? c.getClass().getSimpleName() : m)
                .replaceAll("\\s+", " ")
                .strip();
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
