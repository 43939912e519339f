package com.hevlayer.layerrender.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads a YAML (or JSON) stream into {@link SourceDoc}s from snakeyaml-engine's event stream.
 * Building the tree from events rather than through snakeyaml's composer lets every limit
 * stop the read early (depth, size, aliases) and records the position of every node.
 * Pure: takes text, returns trees; no I/O. The loader a caller holds keeps only its limits: each call of
 * {@code load} runs on a fresh copy of it ({@link #forOneRead}), whose fields below the limits hold that read's
 * state (the reader, the document being read) and are dropped with it, so a loader may be used again and from
 * several threads.
 */
public final class YamlLoader {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final Limits limits;
    /** Whether each item of a top-level {@code items} list is measured on its own (a KRM ResourceList). */
    private final boolean perItem;
    /** Nodes in one document in all, aliases expanded (the per-item mode's bound on the whole list). */
    private final long maxTotalNodes;
    /** Characters of strings in one document in all, aliases expanded (the per-item mode's bound). */
    private final long maxTotalChars;

    public YamlLoader(Limits limits) {
        this(limits, false, limits.maxNodes(), limits.maxDocumentChars());
    }

    private YamlLoader(Limits limits, boolean perItem, long maxTotalNodes, long maxTotalChars) {
        this.limits = limits;
        this.perItem = perItem;
        this.maxTotalNodes = maxTotalNodes;
        this.maxTotalChars = maxTotalChars;
    }

    /** A copy with the same limits and no state, for one call of {@link #load}. */
    private YamlLoader forOneRead() {
        return new YamlLoader(limits, perItem, maxTotalNodes, maxTotalChars);
    }

    /**
     * A reader for a list of objects in one document, such as a KRM {@code ResourceList}: every item of the
     * root mapping's {@code items} list gets {@code perItem} as if it were a document of its own (size, depth
     * counted from the item, nodes, aliases, characters), and so does the rest of the document; the document
     * as a whole may expand to at most {@code maxTotalNodes} nodes (an alias in one item may name an anchor in
     * another) and {@code maxFileChars} characters of strings.
     */
    public static YamlLoader perItem(Limits perItem, long maxTotalNodes) {
        return new YamlLoader(perItem, true, maxTotalNodes, 64L * 1024 * 1024);
    }

    /**
     * snakeyaml-engine's read buffer, in chars. Its reader copies the unread part of its window on
     * every refill, so one token of n chars costs n * n / (2 * this) copies: with the default of
     * 1,024 a long scalar took seconds to minutes (issue 12). At 64 Ki the longest token the limits
     * let through costs a few dozen refills (measured: docs/hostile-input-parsing.md, BENCHMARKS.md).
     */
    static final int READ_BUFFER = 64 * 1024;

    /** All non-empty documents of a file's bytes: UTF-8 (or UTF-16 with a byte order mark, as kubectl reads it). */
    public List<SourceDoc> load(String file, byte[] bytes) throws YamlException {
        return load(file, YamlText.decode(file, bytes));
    }

    /** All non-empty documents of {@code text}; {@code file} labels messages. */
    public List<SourceDoc> load(String file, String text) throws YamlException {
        List<SourceDoc> docs = new ArrayList<>();
        forOneRead().read(file, text, scanned -> {}, docs::add);
        return docs;
    }

    /**
     * {@link #load(String, String)}, each document handed to {@code each} as soon as it is read, so that a
     * large file is never held as trees all at once. When the read fails part of the way, the documents
     * before the failure have been handed over already: the caller disregards them (the file is not YAML).
     */
    public void stream(String file, String text, Consumer<SourceDoc> each) throws YamlException {
        forOneRead().read(file, text, scanned -> {}, each);
    }

    /**
     * {@link #load(String, String)}, telling {@code charsScanned} how many chars of the text were handed to the
     * scanner, whether the read succeeded or not: the work a limit bounds (for tests).
     */
    List<SourceDoc> load(String file, String text, LongConsumer charsScanned) throws YamlException {
        List<SourceDoc> docs = new ArrayList<>();
        forOneRead().read(file, text, charsScanned, docs::add);
        return docs;
    }

    /** One read, on a loader of its own (the fields below are its state). */
    private void read(String file, String text, LongConsumer charsScanned, Consumer<SourceDoc> each)
            throws YamlException {
        YamlText.checkCharacters(file, text);
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setUseMarks(true)
                .setBufferSize(READ_BUFFER)
                .setCodePointLimit(Integer.MAX_VALUE)
                .build();
        reader = new LimitedReader(text, (long) limits.maxDocumentChars() + 2L * READ_BUFFER + 4096);
        Parser parser = new ParserImpl(settings, new StreamReader(settings, reader));
        int handed = 0;
        int index = 0;
        try {
            while (parser.hasNext()) {
                Event e = parser.next();
                if (e.getEventId() == Event.ID.DocumentStart) {
                    JsonNode root = readDocument(parser, file, e, handed, index);
                    index++;
                    if (root != null && !root.isNull()) {
                        SourceDoc doc = new SourceDoc(file, index - 1, root, current.positions);
                        handed++;
                        each.accept(doc);
                    }
                }
            }
        } catch (MarkedYamlEngineException ex) {
            Mark m = ex.getProblemMark().or(ex::getContextMark).orElse(null);
            String problem = ex.getProblem() == null ? firstLine(ex.getMessage()) : ex.getProblem();
            String context = "";
            if (ex.getContext() != null && ex.getContextMark().isPresent()) {
                Mark c = ex.getContextMark().get();
                context = " (" + ex.getContext().trim() + " that starts at line " + (c.getLine() + 1) + ", column "
                        + (c.getColumn() + 1) + ")";
            }
            throw new YamlException(
                    position(file, m), "invalid YAML: " + problem + context + syntaxHint(problem, ex.getContext()));
        } catch (LimitedReader.Exceeded ex) {
            int at = YamlText.charOffset(
                    text, (current == null ? 0 : current.startIndex) + (long) limits.maxDocumentChars());
            String message =
                    unitWord() + " is larger than " + limits.maxDocumentChars() + " characters (a safety limit)";
            if (current != null && current.unitPointer != null) {
                throw fail(YamlText.position(file, text, at), current.unitPointer, message); // names the item
            }
            throw new YamlException(YamlText.position(file, text, at), message);
        } catch (ReaderException ex) {
            // checkCharacters has refused every character snakeyaml-engine refuses; kept for safety
            int at = YamlText.charOffset(text, ex.getPosition());
            throw new YamlException(YamlText.position(file, text, at), "invalid YAML: " + firstLine(ex.getMessage()));
        } catch (YamlEngineException ex) {
            throw new YamlException(new Position(file, 1, 1), "invalid YAML: " + firstLine(ex.getMessage()));
        } finally {
            charsScanned.accept(reader.charsDelivered);
        }
    }

    // The state of one read (set only on the copy made by forOneRead): the reader over the text,
    private LimitedReader reader;

    /**
     * Hands snakeyaml-engine the text, and refuses to hand it more than {@code window} code points
     * past the start of the current document: the document size limit then stops the read inside a
     * token too (snakeyaml-engine scans a whole token before the parser sees it, so a limit checked
     * on events alone let a 64 MiB scalar be scanned first; its own code point limit is checked
     * between tokens only). Never ends a read between the two halves of a surrogate pair:
     * snakeyaml-engine 2.10 fills its whole buffer and, when the last char is a high surrogate,
     * reads one more char past the buffer's end (IndexOutOfBoundsException on an emoji that lands
     * on a 1,025-char boundary). Ending the read one char early avoids that path.
     */
    static final class LimitedReader extends Reader {
        /** Thrown through snakeyaml-engine when the current document runs past its window. */
        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super("document too large", null, false, false);
            }
        }

        private final String text;
        private final long window;
        private int pos;
        private long codePoints; // delivered so far
        private long documentStart; // in code points, as snakeyaml-engine's marks count
        long charsDelivered; // for tests: how much of the text was ever scanned

        LimitedReader(String text, long window) {
            this.text = text;
            this.window = window;
        }

        void documentStartsAt(long codePointIndex) {
            documentStart = codePointIndex;
        }

        @Override
        public int read(char[] buf, int off, int len) {
            int n = Math.min(len, text.length() - pos);
            if (n <= 0) {
                return len == 0 ? 0 : -1;
            }
            if (n > 1 && Character.isHighSurrogate(text.charAt(pos + n - 1))) {
                n--;
            }
            if (codePoints - documentStart > window) {
                throw new Exceeded();
            }
            text.getChars(pos, pos + n, buf, off);
            // every surrogate is one of a pair (checkCharacters refused the text otherwise) and no read ends
            // between the two: the code points delivered, counted without a pass over the chars of a Latin-1 text
            codePoints += text.codePointCount(pos, pos + n);
            pos += n;
            charsDelivered += n;
            return n;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }

    private static String syntaxHint(String problem, String context) {
        String c = context == null ? "" : context;
        if (c.contains("flow mapping")) {
            return "; is a closing '}' missing?";
        }
        if (c.contains("flow sequence")) {
            return "; is a closing ']' missing?";
        }
        if (c.contains("quoted scalar")) {
            return "; is a closing quote missing?";
        }
        if (problem != null && problem.contains("mapping values are not allowed")) {
            return "; check the indentation, or quote a value that contains \": \"";
        }
        if (problem != null && problem.contains("found character '\\t(TAB)'")) {
            return "; indent with spaces, not tabs";
        }
        if (c.contains("block mapping") || c.contains("block collection")) {
            return "; check the indentation";
        }
        return "";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // the document being read,
    private DocState current;

    private static final class DocState {
        Positions positions;
        final Map<String, Anchored> anchors = new HashMap<>();
        long nodes; // in the whole document
        /** Characters of every scalar (keys and values) once aliases are expanded, in the whole document. */
        long chars;
        // the part the limits measure: the document, or (per-item mode) one item or the rest of the document
        long unitNodesBase;
        long unitCharsBase;
        int aliases;
        int startIndex;
        int depthBase;
        String unitPointer; // the item's pointer, or null
        JsonNode root;
    }

    /** In per-item mode, a node about to be placed as the next item of the top-level {@code items} list starts a new unit. */
    private void maybeStartItem(Deque<Frame> stack, Event e) {
        if (perItem && stack.size() == 2 && !stack.peek().isMapping() && "items".equals(stack.peek().key)) {
            startUnit(e, 2, "/items/" + stack.peek().node.size());
        }
    }

    private void startUnit(Event e, int depthBase, String unitPointer) {
        current.unitNodesBase = current.nodes;
        current.unitCharsBase = current.chars;
        current.aliases = 0;
        current.startIndex = e.getStartMark().map(Mark::getIndex).orElse(current.startIndex);
        reader.documentStartsAt(current.startIndex);
        current.depthBase = depthBase;
        current.unitPointer = unitPointer;
    }

    private String unitWord() {
        return current != null && current.unitPointer != null ? "item" : "document";
    }

    /** An error inside the document being read, naming the document and field when known. */
    private YamlException fail(Position pos, String pointer, String message) {
        JsonNode root = current.root;
        String kind = null;
        String name = null;
        String ns = null;
        String field = null;
        if (root != null && root.isObject()) {
            JsonNode named = current.unitPointer != null ? root.at(current.unitPointer) : root; // per item: the item
            kind = named.path("kind").isTextual() ? named.get("kind").asText() : null;
            name = named.path("metadata").path("name").isTextual()
                    ? named.at("/metadata/name").asText()
                    : null;
            ns = named.path("metadata").path("namespace").isTextual()
                    ? named.at("/metadata/namespace").asText()
                    : null;
            if (pointer != null && !pointer.isEmpty()) {
                field = FieldPath.of(root, pointer);
                if (field.length() > 100) {
                    field = field.substring(0, 100) + "...";
                }
            }
        }
        return new YamlException(pos, kind, ns, name, field, message);
    }

    /** The JSON pointer of the node that comes next, built from the stack (only for messages). */
    private static String pointerOf(Deque<Frame> stack) {
        if (stack.isEmpty()) {
            return "";
        }
        Frame top = stack.peek();
        String base = pointerOfFrame(stack);
        if (top.isMapping()) {
            return top.pendingKey == null ? base : Pointer.child(base, top.pendingKey);
        }
        return base + "/" + top.node.size();
    }

    /** The JSON pointer of the collection on top of the stack. */
    private static String pointerOfFrame(Deque<Frame> stack) {
        StringBuilder b = new StringBuilder();
        Iterator<Frame> it = stack.descendingIterator();
        while (it.hasNext()) {
            Frame f = it.next();
            if (f.key != null) {
                b.append('/').append(f.key.replace("~", "~0").replace("/", "~1"));
            } else if (f.index >= 0) {
                b.append('/').append(f.index);
            }
        }
        return b.toString();
    }

    private record Anchored(JsonNode node, long size, long chars) {}

    /**
     * A collection being filled, with what is needed to place its next child. It knows only its own
     * key or index in its parent (pointers are built from the stack when a message needs one), so no
     * string grows with the depth or repeats a long key.
     */
    private static final class Frame {
        final JsonNode node;
        final Positions positions;
        final String key; // the key in the parent mapping, or null
        final int index; // the index in the parent list, or -1
        final String anchor;
        final long nodesAtStart;
        final long charsAtStart;
        String pendingKey; // mappings: the key whose value comes next
        Position pendingKeyPosition;
        final List<JsonNode> merges = new ArrayList<>();
        Position mergeKeyPosition;
        final HashSet<String> seen = new HashSet<>();

        Frame(
                JsonNode node,
                Positions positions,
                String key,
                int index,
                String anchor,
                long nodesAtStart,
                long charsAtStart) {
            this.node = node;
            this.positions = positions;
            this.key = key;
            this.index = index;
            this.anchor = anchor;
            this.nodesAtStart = nodesAtStart;
            this.charsAtStart = charsAtStart;
        }

        boolean isMapping() {
            return node.isObject();
        }
    }

    private JsonNode readDocument(Parser parser, String file, Event start, int docCount, int index)
            throws YamlException {
        current = new DocState();
        current.startIndex = start.getStartMark().map(Mark::getIndex).orElse(0);
        reader.documentStartsAt(current.startIndex);
        Deque<Frame> stack = new ArrayDeque<>();
        JsonNode root = null;
        while (true) {
            Event e = parser.next();
            switch (e.getEventId()) {
                case MappingStart, SequenceStart, Scalar, Alias -> maybeStartItem(stack, e);
                default -> {}
            }
            checkSize(file, e);
            switch (e.getEventId()) {
                case DocumentEnd:
                    return root;
                case MappingStart:
                case SequenceStart: {
                    if (stack.size() - current.depthBase >= limits.maxDepth()) {
                        throw fail(
                                position(file, e.getStartMark().orElse(null)),
                                pointerOf(stack),
                                "input nests deeper than " + limits.maxDepth()
                                        + " levels (a safety limit; real Kubernetes objects nest far less)");
                    }
                    countNode(file, e, 1, 0, stack);
                    JsonNode node = e.getEventId() == Event.ID.MappingStart ? F.objectNode() : F.arrayNode();
                    String anchor =
                            ((NodeEvent) e).getAnchor().map(a -> a.getValue()).orElse(null);
                    Placement p = place(stack, node, file, e);
                    if (p.root) {
                        root = node;
                        current.root = node;
                    }
                    stack.push(new Frame(node, p.positions, p.key, p.index, anchor, current.nodes - 1, current.chars));
                    break;
                }
                case MappingEnd:
                case SequenceEnd: {
                    Frame f = stack.pop();
                    if (perItem && stack.size() == 1 && "items".equals(f.key) && !f.isMapping()) {
                        startUnit(e, 0, null); // the rest of the document after the items is measured on its own
                    }
                    if (f.isMapping() && f.pendingKey != null) {
                        throw new YamlException(
                                position(file, e.getStartMark().orElse(null)), "invalid YAML: a key without a value");
                    }
                    if (f.isMapping()) {
                        applyMerges(f);
                    }
                    if (f.anchor != null) {
                        current.anchors.put(
                                f.anchor,
                                new Anchored(f.node, current.nodes - f.nodesAtStart, current.chars - f.charsAtStart));
                    }
                    break;
                }
                case Scalar: {
                    ScalarEvent s = (ScalarEvent) e;
                    if (s.getValue().length() > limits.maxStringChars()) {
                        throw fail(
                                position(file, e.getStartMark().orElse(null)),
                                pointerOf(stack),
                                "a string of " + s.getValue().length() + " characters exceeds the limit of "
                                        + limits.maxStringChars()
                                        + " (a safety limit; keep bulk data out of the manifest)");
                    }
                    countNode(file, e, 1, s.getValue().length(), stack);
                    if (!stack.isEmpty() && stack.peek().isMapping() && stack.peek().pendingKey == null) {
                        acceptKey(stack.peek(), s, file, stack);
                        break;
                    }
                    JsonNode value = scalar(s, file, stack);
                    Placement p = place(stack, value, file, e);
                    if (p.root) {
                        root = value;
                    }
                    long len = s.getValue().length();
                    s.getAnchor().ifPresent(a -> current.anchors.put(a.getValue(), new Anchored(value, 1, len)));
                    break;
                }
                case Alias: {
                    AliasEvent a = (AliasEvent) e;
                    String name = a.getAlias().getValue();
                    Anchored target = current.anchors.get(name);
                    if (target == null) {
                        throw new YamlException(
                                position(file, e.getStartMark().orElse(null)),
                                "invalid YAML: alias *" + name + " names no anchor defined before it");
                    }
                    if (++current.aliases > limits.maxAliases()) {
                        throw fail(
                                position(file, e.getStartMark().orElse(null)),
                                pointerOf(stack),
                                "more than " + limits.maxAliases() + " aliases in one " + unitWord()
                                        + " (a safety limit against alias bombs)");
                    }
                    countNode(file, e, target.size(), target.chars(), stack);
                    if (!stack.isEmpty() && stack.peek().isMapping() && stack.peek().pendingKey == null) {
                        if (!target.node.isValueNode()) {
                            throw new YamlException(
                                    position(file, e.getStartMark().orElse(null)),
                                    "a mapping key must be a string, not a collection");
                        }
                        acceptKeyText(stack.peek(), target.node.asText(), file, e, stack);
                        break;
                    }
                    JsonNode copy = target.node.deepCopy();
                    Placement p = place(stack, copy, file, e);
                    if (p.root) {
                        root = copy;
                    }
                    break;
                }
                default:
                    break;
            }
        }
    }

    private void checkSize(String file, Event e) throws YamlException {
        Optional<Mark> m = e.getEndMark();
        if (m.isPresent() && m.get().getIndex() - current.startIndex > limits.maxDocumentChars()) {
            String message =
                    unitWord() + " is larger than " + limits.maxDocumentChars() + " characters (a safety limit)";
            if (current.unitPointer == null) {
                throw new YamlException(position(file, m.get()), message);
            }
            throw fail(position(file, m.get()), current.unitPointer, message);
        }
    }

    /**
     * Counts {@code n} nodes holding {@code chars} characters of scalars (an alias counts what it
     * expands to): the expanded document may hold no more nodes than the node limit and no more
     * characters than the document size limit, so aliases cannot amplify past what a document may
     * hold written out.
     */
    private void countNode(String file, Event e, long n, long chars, Deque<Frame> stack) throws YamlException {
        current.nodes += n;
        current.chars += chars;
        if (current.nodes - current.unitNodesBase > limits.maxNodes()) {
            throw fail(
                    position(file, e.getStartMark().orElse(null)),
                    pointerOf(stack),
                    unitWord() + " expands to more than " + limits.maxNodes()
                            + " nodes (a safety limit against alias bombs; use fewer aliases or write the values out)");
        }
        if (current.chars - current.unitCharsBase > limits.maxDocumentChars()) {
            throw fail(
                    position(file, e.getStartMark().orElse(null)),
                    pointerOf(stack),
                    unitWord() + " expands to more than " + limits.maxDocumentChars()
                            + " characters of strings once its aliases are expanded (a safety limit against alias bombs;"
                            + " use fewer aliases or write the values out)");
        }
        if (current.nodes > maxTotalNodes) {
            throw fail(
                    position(file, e.getStartMark().orElse(null)),
                    pointerOf(stack),
                    "the document's items expand to more than " + maxTotalNodes
                            + " nodes in all (a safety limit against alias bombs; split the list, or use fewer aliases)");
        }
        if (current.chars > maxTotalChars) {
            throw fail(
                    position(file, e.getStartMark().orElse(null)),
                    pointerOf(stack),
                    "the document's items expand to more than " + maxTotalChars + " characters of strings in all (a"
                            + " safety limit against alias bombs; split the list, or use fewer aliases)");
        }
    }

    /** Where a placed node went: its positions and its key or index in the parent. */
    private record Placement(boolean root, Positions positions, String key, int index) {}

    /** Puts {@code node} into the collection on top of the stack (or makes it the root). */
    private Placement place(Deque<Frame> stack, JsonNode node, String file, Event e) throws YamlException {
        Position pos = position(file, e.getStartMark().orElse(null));
        if (stack.isEmpty()) {
            current.positions = new Positions(pos);
            return new Placement(true, current.positions, null, -1);
        }
        Frame top = stack.peek();
        if (top.isMapping()) {
            if (top.pendingKey == null) {
                throw new YamlException(pos, "a mapping key must be a string, not a collection");
            }
            String key = top.pendingKey;
            Position keyPos = top.pendingKeyPosition;
            top.pendingKey = null;
            if (key.equals("<<") && keyPos != null && mergeKey) {
                mergeKey = false;
                if (node.isObject() || node.isArray()) {
                    // a list written out in place is still empty here: its items are checked when the mapping ends
                    top.merges.add(node);
                    top.mergeKeyPosition = keyPos;
                } else {
                    throw new YamlException(keyPos, "a merge key (<<) takes a mapping or a list of mappings");
                }
                return new Placement(false, new Positions(keyPos), "<<", -1);
            }
            mergeKey = false;
            ((ObjectNode) top.node).set(key, node);
            return new Placement(false, top.positions.putField(key, keyPos), key, -1);
        }
        ArrayNode arr = (ArrayNode) top.node;
        int i = arr.size();
        arr.add(node);
        return new Placement(false, top.positions.addItem(pos), null, i);
    }

    // and whether the key just read is a merge key (<<), whose value is merged rather than set.
    private boolean mergeKey;

    private void acceptKey(Frame f, ScalarEvent s, String file, Deque<Frame> stack) throws YamlException {
        if (s.isPlain() && s.getValue().equals("<<") && s.getTag().isEmpty()) {
            f.pendingKey = "<<";
            f.pendingKeyPosition = position(file, s.getStartMark().orElse(null));
            mergeKey = true;
            return;
        }
        acceptKeyText(f, s.getValue(), file, s, stack);
    }

    private void acceptKeyText(Frame f, String key, String file, Event e, Deque<Frame> stack) throws YamlException {
        Position pos = position(file, e.getStartMark().orElse(null));
        if (!f.seen.add(key)) {
            throw fail(
                    pos,
                    Pointer.child(pointerOfFrame(stack), key),
                    "duplicate key \"" + key + "\" (each key may appear once in a mapping; remove one of them)");
        }
        f.pendingKey = key;
        f.pendingKeyPosition = pos;
        mergeKey = false;
    }

    private static void applyMerges(Frame f) throws YamlException {
        ObjectNode target = (ObjectNode) f.node;
        List<JsonNode> sources = new ArrayList<>();
        for (JsonNode m : f.merges) {
            if (m.isArray()) {
                for (JsonNode item : m) {
                    if (!item.isObject()) {
                        throw new YamlException(
                                f.mergeKeyPosition, "a merge key (<<) takes a mapping or a list of mappings");
                    }
                    sources.add(item);
                }
            } else {
                sources.add(m);
            }
        }
        for (JsonNode m : sources) {
            m.fields().forEachRemaining(en -> {
                if (!target.has(en.getKey())) {
                    target.set(en.getKey(), en.getValue().deepCopy());
                }
            });
        }
    }

    private JsonNode scalar(ScalarEvent s, String file, Deque<Frame> stack) throws YamlException {
        String v = s.getValue();
        Optional<String> tag = s.getTag();
        String t0 = tag.orElse("");
        boolean resolved = t0.equals("tag:yaml.org,2002:bool")
                || t0.equals("tag:yaml.org,2002:int")
                || t0.equals("tag:yaml.org,2002:float")
                || (s.getScalarStyle() == ScalarStyle.PLAIN
                        && !t0.equals("tag:yaml.org,2002:str")
                        && !t0.equals("tag:yaml.org,2002:null"));
        if (v.length() > Yaml11Scalars.MAX_NUMBER_CHARS && resolved && Yaml11Scalars.looksNumeric(v)) {
            throw fail(
                    position(file, s.getStartMark().orElse(null)),
                    pointerOf(stack),
                    "a number of " + v.length() + " characters is longer than the limit of "
                            + Yaml11Scalars.MAX_NUMBER_CHARS + " (a safety limit; quote it to keep it as a string)");
        }
        if (tag.isPresent() && !tag.get().equals("!")) {
            String t = tag.get();
            switch (t) {
                case "tag:yaml.org,2002:str":
                    return F.textNode(v);
                case "tag:yaml.org,2002:null":
                    return F.nullNode();
                case "tag:yaml.org,2002:bool":
                case "tag:yaml.org,2002:int":
                case "tag:yaml.org,2002:float": {
                    JsonNode n = Yaml11Scalars.resolvePlain(v);
                    boolean ok = t.endsWith("bool")
                            ? n.isBoolean()
                            : t.endsWith("int") ? n.isIntegralNumber() : n.isNumber();
                    if (!ok) {
                        throw new YamlException(
                                position(file, s.getStartMark().orElse(null)),
                                "\"" + v + "\" is not a valid " + t.substring(t.lastIndexOf(':') + 1));
                    }
                    return n;
                }
                default:
                    // unknown tags are ignored, as Kubernetes' reader does: the value is read as usual
                    break;
            }
        }
        if (s.getScalarStyle() != ScalarStyle.PLAIN) {
            return F.textNode(v);
        }
        return Yaml11Scalars.resolvePlain(v);
    }

    private static Position position(String file, Mark m) {
        if (m == null) {
            return new Position(file, 1, 1);
        }
        return new Position(file, m.getLine() + 1, m.getColumn() + 1);
    }
}
