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
        description = "Prints the version of layer-render.",
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

    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/layer-render.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"layer-render " + version()};
        }
    }
}
