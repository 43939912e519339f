package com.hevlayer.layerrender.yaml;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A file's bytes to text, and the characters YAML refuses, each refused with its line and column
 * (issue 12: bad bytes were a usage error without a position, control characters were reported at
 * 1:1). kubectl reads a file as UTF-8, or as UTF-16 when it starts with a UTF-16 byte order mark
 * (cli-runtime's FileVisitor: {@code unicode.BOMOverride(unicode.UTF8.NewDecoder())}); layer-render
 * reads the same files, and refuses, with a position, what kubectl would silently turn into U+FFFD.
 */
public final class YamlText {
    private YamlText() {}

    /** The text of a file: UTF-8 (a UTF-8 byte order mark is dropped), or UTF-16 after its byte order mark. */
    public static String decode(String file, byte[] b) throws YamlException {
        if (b.length >= 4
                && ((b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xFE && (b[3] & 0xff) == 0xFF)
                        || ((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE && b[2] == 0 && b[3] == 0))) {
            throw new YamlException(
                    new Position(file, 1, 1),
                    "the file is UTF-32 (it starts with a UTF-32 byte order mark); save it as UTF-8");
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            return decode(file, b, 2, StandardCharsets.UTF_16BE, "UTF-16");
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            return decode(file, b, 2, StandardCharsets.UTF_16LE, "UTF-16");
        }
        int start = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
        return decode(file, b, start, StandardCharsets.UTF_8, "UTF-8");
    }

    private static String decode(String file, byte[] b, int start, Charset cs, String name) throws YamlException {
        // validate in chunks (no second full-size buffer), then let String decode the checked bytes
        CharsetDecoder d = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, start, b.length - start);
        CharBuffer chunk = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = d.decode(in, chunk, true);
            if (r.isError()) {
                throw malformed(file, b, start, in.position(), r.length(), cs, name);
            }
            chunk.clear();
            if (r.isUnderflow()) {
                break;
            }
        }
        chunk.clear();
        CoderResult r = d.flush(chunk);
        if (r.isError()) {
            throw malformed(file, b, start, in.position(), 1, cs, name);
        }
        return new String(b, start, b.length - start, cs);
    }

    private static YamlException malformed(
            String file, byte[] b, int start, int bad, int length, Charset cs, String name) {
        String before = new String(b, start, bad - start, cs);
        StringBuilder bytes = new StringBuilder();
        for (int i = bad; i < Math.min(b.length, bad + Math.max(1, length)); i++) {
            bytes.append(bytes.length() == 0 ? "" : " ").append(String.format("0x%02X", b[i] & 0xff));
        }
        String hint = "UTF-8".equals(name) && looksLikeUtf16(b)
                ? "; the file looks like UTF-16 without a byte order mark: save it as UTF-8"
                : "; save the file as UTF-8";
        return new YamlException(
                position(file, before, before.length()),
                "not valid " + name + " text (byte " + bytes + " at byte offset " + bad + ")" + hint);
    }

    private static boolean looksLikeUtf16(byte[] b) {
        int zeros = 0;
        int n = Math.min(b.length, 64);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                zeros++;
            }
        }
        return n >= 4 && zeros * 4 >= n;
    }

    /**
     * Refuses the characters YAML does not allow in a stream (YAML 1.2 §5.1, as snakeyaml-engine
     * checks them: C0 controls other than tab, line feed and carriage return, DEL, C1
     * controls other than NEL, surrogates without their pair, U+FFFE and U+FFFF), at their line and
     * column. One pass over the text, before parsing.
     */
    public static void checkCharacters(String file, String text) throws YamlException {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c <= 0x7E || c == '\n' || c == '\t' || c == '\r') {
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c) || !printable(cp)) {
                String hint = cp == 0 && nulEveryOtherChar(text)
                        ? " (the file looks like UTF-16 without a byte order mark: save it as UTF-8)"
                        : " (write it as an escape in a double-quoted string, e.g. \"\\u" + String.format("%04X", cp)
                                + "\")";
                throw new YamlException(
                        position(file, text, i), "invalid YAML: " + describe(cp) + " is not allowed in YAML" + hint);
            }
        }
    }

    private static boolean nulEveryOtherChar(String text) {
        int n = Math.min(text.length(), 64);
        int nuls = 0;
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) == 0) {
                nuls++;
            }
        }
        return n >= 4 && nuls * 3 >= n;
    }

    private static boolean printable(int c) {
        return c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }

    private static String describe(int cp) {
        String name = switch (cp) {
            case 0 -> " (NUL)";
            case 0x1B -> " (ESC)";
            case 0x7F -> " (DEL)";
            case 0x08 -> " (backspace)";
            case 0x0C -> " (form feed)";
            case 0x0B -> " (vertical tab)";
            case 0xFEFF -> " (byte order mark)";
            default -> "";
        };
        if (Character.isSurrogate((char) cp)) {
            return "the unpaired surrogate U+" + String.format("%04X", cp);
        }
        return "the control character U+" + String.format("%04X", cp) + name;
    }

    /** The char offset in {@code text} of code point number {@code codePoint} (clamped to the end). */
    static int charOffset(String text, long codePoint) {
        int i = 0;
        long cp = 0;
        while (i < text.length() && cp < codePoint) {
            i += Character.isHighSurrogate(text.charAt(i))
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))
                    ? 2
                    : 1;
            cp++;
        }
        return i;
    }

    /**
     * The 1-based line and column of char offset {@code at}, counted as snakeyaml-engine counts them:
     * line breaks are LF, CR not followed by LF, NEL, U+2028 and U+2029; columns count code points.
     */
    public static Position position(String file, String text, int at) {
        int line = 1;
        int column = 1;
        int end = Math.min(at, text.length());
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n'
                    || c == '\u0085'
                    || c == '\u2028'
                    || c == '\u2029'
                    || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(c) && c != '\uFEFF') {
                column++;
            }
        }
        return new Position(file, line, column);
    }
}
