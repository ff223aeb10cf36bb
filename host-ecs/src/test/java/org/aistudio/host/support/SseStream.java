package org.aistudio.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** An open SSE response read event by event, as a browser's reader would. */
public final class SseStream implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One SSE event: its id (or null), its data, or a comment. */
    public record Event(String id, String data, String comment) {
        public boolean done() {
            return "[DONE]".equals(data);
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String type() {
            return data == null || done() ? null : json().path("type").asText();
        }
    }

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;
    private final List<Event> events = new ArrayList<>();

    SseStream(HttpResponse<InputStream> response, BufferedReader reader) {
        this.response = response;
        this.reader = reader;
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next event, or null at the end of the body. Blocks until it arrives. */
    public Event next() {
        try {
            String id = null;
            StringBuilder data = null;
            String comment = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || comment != null) {
                        Event e = new Event(id, data == null ? null : data.toString(), comment);
                        events.add(e);
                        return e;
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    comment = line.substring(1).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until an event matches, returning it; fails at the end of the body. */
    public Event until(Predicate<Event> condition) {
        Event e;
        while ((e = next()) != null) {
            if (condition.test(e)) {
                return e;
            }
        }
        throw new AssertionError("the stream ended before the expected event; got " + events);
    }

    /** Reads to the end of the body. */
    public List<Event> readAll() {
        while (next() != null) {
            // keep reading
        }
        return List.copyOf(events);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The text of all text-delta parts read so far. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            if ("text-delta".equals(e.type())) {
                sb.append(e.json().path("delta").asText());
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
