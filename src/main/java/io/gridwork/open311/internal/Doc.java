package io.gridwork.open311.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * One GeoReport response, written as XML or JSON from the same model. A document is a root element
 * holding a list of items (JSON: a top-level array), or a single item (JSON: an object). Field values
 * are text, numbers, booleans, null (an empty element in XML), nested {@link Fields}, or a {@link ListOf}
 * (XML: a wrapper element with one child per entry; JSON: an array).
 */
public final class Doc {

    /**
     * Ordered fields of one element, as two parallel lists (a page of 1,000 requests holds 16,000 fields: a map per
     * request was a twentieth of its time, issue 19). Putting a name again replaces its value in place.
     */
    public static final class Fields {
        private final List<String> names = new ArrayList<>(16);
        private final List<Object> values = new ArrayList<>(16);

        public Fields put(String name, Object value) {
            int i = names.indexOf(name);
            if (i >= 0) {
                values.set(i, value);
            } else {
                names.add(name);
                values.add(value);
            }
            return this;
        }

        public Object get(String name) {
            int i = names.indexOf(name);
            return i < 0 ? null : values.get(i);
        }
    }

    /** A repeated child: {@code <formats><format>…</format>…</formats>}. */
    public record ListOf(String itemName, List<?> items) {
    }

    private final String root;
    private final String itemName;
    private final List<Fields> items;
    private final Fields single;

    private Doc(String root, String itemName, List<Fields> items, Fields single) {
        this.root = root;
        this.itemName = itemName;
        this.items = items;
        this.single = single;
    }

    /** {@code <root><item>…</item>…</root>} / {@code [{…}, …]}. */
    public static Doc list(String root, String itemName, List<Fields> items) {
        return new Doc(root, itemName, items, null);
    }

    /** {@code <root>…fields…</root>} / {@code {…}}. */
    public static Doc single(String root, Fields fields) {
        return new Doc(root, null, null, fields);
    }

    public static Fields fields() {
        return new Fields();
    }

    public byte[] xml() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.UTF_8));
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartElement(root);
            if (single != null) {
                writeFields(w, single);
            } else {
                for (Fields f : items) {
                    w.writeStartElement(itemName);
                    writeFields(w, f);
                    w.writeEndElement();
                }
            }
            w.writeEndElement();
            w.flush();
            w.close();
            return out.toByteArray();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeFields(XMLStreamWriter w, Fields f) throws XMLStreamException {
        for (int i = 0; i < f.names.size(); i++) {
            writeValue(w, f.names.get(i), f.values.get(i));
        }
    }

    private static void writeValue(XMLStreamWriter w, String name, Object v) throws XMLStreamException {
        if (v == null) {
            w.writeEmptyElement(name);
            return;
        }
        w.writeStartElement(name);
        if (v instanceof Fields nested) {
            writeFields(w, nested);
        } else if (v instanceof ListOf list) {
            for (Object item : list.items()) {
                writeValue(w, list.itemName(), item);
            }
        } else {
            w.writeCharacters(clean(String.valueOf(v)));
        }
        w.writeEndElement();
    }

    /** Drops characters XML 1.0 cannot carry (control characters other than tab, newline, return). */
    private static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF;
            if (bad && b == null) {
                b = new StringBuilder(s.substring(0, i));
            } else if (!bad && b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * The JSON, written straight to UTF-8 bytes by a generator (issue 19: a page of 1,000 requests was built as a tree
     * of nodes, written to a string and then encoded again).
     */
    public byte[] json(JsonMapper mapper) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(single != null ? 512 : 256 + 512 * items.size());
        try (JsonGenerator g = mapper.createGenerator(out)) {
            if (single != null) {
                writeJson(g, single);
            } else {
                g.writeStartArray();
                for (Fields f : items) {
                    writeJson(g, f);
                }
                g.writeEndArray();
            }
        }
        return out.toByteArray();
    }

    private static void writeJson(JsonGenerator g, Fields f) {
        g.writeStartObject();
        for (int i = 0; i < f.names.size(); i++) {
            g.writeName(f.names.get(i));
            writeJsonValue(g, f.values.get(i));
        }
        g.writeEndObject();
    }

    private static void writeJsonValue(JsonGenerator g, Object v) {
        switch (v) {
            case null -> g.writeNull();
            case Fields f -> writeJson(g, f);
            case ListOf l -> {
                g.writeStartArray();
                for (Object i : l.items()) {
                    writeJsonValue(g, i);
                }
                g.writeEndArray();
            }
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            default -> g.writeString(String.valueOf(v));
        }
    }
}
