package com.hevlayer.layerrender.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = "Prints the version of layer-render, the git commit it was built from and when.",
        footer = {"", "Examples:", "  layer-render version", "  layer-render --version"})
final class VersionCommand implements Callable<Integer> {
    private final Main.Context ctx;

    VersionCommand(Main.Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.out().println("layer-render " + version());
        return Main.OK;
    }

    /** {@code 0.1.0 (commit 1a2b3c4d5e6f, built 2026-12-01T12:00:00Z)}; any part not known is "unknown". */
    static String version() {
        Properties p = properties("/layer-render.properties");
        Properties build = properties("/layer-render-build.properties"); // written by tools/build-info
        return p.getProperty("version", "unknown") + " (commit " + build.getProperty("commit", "unknown") + ", built "
                + build.getProperty("built", "unknown") + ")";
    }

    private static Properties properties(String resource) {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            p.clear(); // unreadable: every part "unknown"
        }
        return p;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"layer-render " + version()};
        }
    }
}
