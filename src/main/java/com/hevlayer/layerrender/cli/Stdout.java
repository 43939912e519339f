package com.hevlayer.layerrender.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The process's stdout. A {@link PrintStream} swallows write errors and keeps only a flag
 * ({@link PrintStream#checkError()}); this one also remembers the first error's words ("No space left
 * on device", "Broken pipe", "Bad file descriptor") so the message on stderr can say why, and after
 * the first error writes nothing more. {@link Main#run} checks the flag after every command.
 */
final class Stdout extends PrintStream {
    private final Recorder recorder;

    private Stdout(Recorder recorder) {
        super(recorder, false, StandardCharsets.UTF_8);
        this.recorder = recorder;
    }

    static Stdout open() {
        return new Stdout(new Recorder(new FileOutputStream(FileDescriptor.out)));
    }

    /** Why a write to {@code out} failed, when it is a {@link Stdout} that knows; else null. */
    static String failure(PrintStream out) {
        return out instanceof Stdout s && s.recorder.failure != null ? s.recorder.failure.getMessage() : null;
    }

    /**
     * {@code out} as an OutputStream that throws on the first failed write instead of swallowing it,
     * so that a long render stops at once when its output is lost.
     */
    static OutputStream failFast(PrintStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                check();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                check();
            }

            @Override
            public void flush() throws IOException {
                check(); // checkError flushes
            }

            private void check() throws IOException {
                if (out.checkError()) {
                    String why = failure(out);
                    throw new IOException(why != null ? why : "write error");
                }
            }
        };
    }

    private static final class Recorder extends OutputStream {
        private final OutputStream out;
        private IOException failure;

        Recorder(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                throw failure;
            }
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            if (failure != null) {
                throw failure;
            }
            out.flush();
        }
    }
}
