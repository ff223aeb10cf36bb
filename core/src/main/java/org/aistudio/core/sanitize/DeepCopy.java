package org.aistudio.core.sanitize;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Copies a value tree with sensitive keys blanked and every string passed through the text rules.
 * Maps stay maps (insertion order kept), collections and arrays become lists, records become maps
 * of their components. Numbers, booleans, characters, enums, UUIDs, dates and durations are kept as
 * they are; any other object becomes its sanitized {@code toString()}, since that is what a logger
 * would print.
 */
final class DeepCopy {

    private final int maxDepth;
    private final int maxCollectionSize;
    private final UnaryOperator<String> text;

    DeepCopy(int maxDepth, int maxCollectionSize, UnaryOperator<String> text) {
        this.maxDepth = maxDepth;
        this.maxCollectionSize = maxCollectionSize;
        this.text = text;
    }

    Object copy(Object value) {
        return copy(value, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * @param depth containers entered so far
     * @param path the containers being copied above this value, by identity: seeing one again is a cycle,
     *     while the same list reached twice along different branches is copied twice
     */
    private Object copy(Object value, int depth, Set<Object> path) {
        if (value == null || isScalar(value)) {
            return value;
        }
        if (value instanceof CharSequence chars) {
            return text.apply(chars.toString());
        }
        if (value instanceof char[] chars) {
            return text.apply(new String(chars));
        }
        if (!isContainer(value)) {
            return text.apply(String.valueOf(value));
        }
        if (path.contains(value)) {
            return Sanitizer.CYCLE;
        }
        if (depth >= maxDepth) {
            return Sanitizer.TRUNCATED;
        }
        path.add(value);
        try {
            if (value instanceof Map<?, ?> map) {
                return copyMap(map, depth + 1, path);
            }
            if (value instanceof Collection<?> collection) {
                return copyCollection(collection, depth + 1, path);
            }
            if (value instanceof Record record) {
                return copyRecord(record, depth + 1, path);
            }
            return copyArray(value, depth + 1, path);
        } finally {
            path.remove(value);
        }
    }

    private Map<Object, Object> copyMap(Map<?, ?> map, int depth, Set<Object> path) {
        int size = map.size();
        Map<Object, Object> copy = new LinkedHashMap<>();
        int kept = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (isFull(kept, size)) {
                copy.put(Sanitizer.TRUNCATED, (size - kept) + " more entries");
                break;
            }
            // Redacted keys can collide ("[REDACTED_EMAIL]" twice); the first entry wins.
            copy.putIfAbsent(copyKey(entry.getKey()), copyEntryValue(entry.getKey(), entry.getValue(), depth, path));
            kept++;
        }
        return copy;
    }

    private List<Object> copyCollection(Collection<?> collection, int depth, Set<Object> path) {
        int size = collection.size();
        List<Object> copy = new ArrayList<>(Math.min(size, maxCollectionSize));
        for (Object item : collection) {
            if (isFull(copy.size(), size)) {
                copy.add(moreItems(size - copy.size()));
                break;
            }
            copy.add(copy(item, depth, path));
        }
        return copy;
    }

    private List<Object> copyArray(Object array, int depth, Set<Object> path) {
        int size = Array.getLength(array);
        List<Object> copy = new ArrayList<>(Math.min(size, maxCollectionSize));
        for (int i = 0; i < size; i++) {
            if (isFull(i, size)) {
                copy.add(moreItems(size - i));
                break;
            }
            copy.add(copy(Array.get(array, i), depth, path));
        }
        return copy;
    }

    private Object copyRecord(Record record, int depth, Set<Object> path) {
        Map<Object, Object> copy = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                Method accessor = component.getAccessor();
                if (!accessor.canAccess(record)) {
                    accessor.trySetAccessible();
                }
                value = accessor.invoke(record);
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                // A record we may not open still prints "Name[apiKey=...]", which the text rules handle.
                return text.apply(String.valueOf(record));
            }
            copy.put(component.getName(), copyEntryValue(component.getName(), value, depth, path));
        }
        return copy;
    }

    private Object copyEntryValue(Object key, Object value, int depth, Set<Object> path) {
        return isSensitiveKey(key) && !isUnset(value) ? Sanitizer.REDACTED : copy(value, depth, path);
    }

    /** A missing or empty secret says "not configured", which helps debugging and reveals nothing. */
    private static boolean isUnset(Object value) {
        return value == null || (value instanceof CharSequence chars && chars.length() == 0);
    }

    private static boolean isSensitiveKey(Object key) {
        return (key instanceof CharSequence || key instanceof Enum<?>) && SensitiveKeys.isSensitive(key.toString());
    }

    private Object copyKey(Object key) {
        if (key == null || isScalar(key)) {
            return key;
        }
        return text.apply(String.valueOf(key));
    }

    /** The output holds at most {@code maxCollectionSize} elements, the marker included. */
    private boolean isFull(int kept, int size) {
        return size > maxCollectionSize && kept == maxCollectionSize - 1;
    }

    private static String moreItems(int count) {
        return "[TRUNCATED " + count + " more items]";
    }

    private static boolean isScalar(Object value) {
        return value instanceof Number || value instanceof Boolean || value instanceof Character
            || value instanceof Enum<?> || value instanceof UUID || value instanceof TemporalAccessor
            || value instanceof TemporalAmount || value instanceof Date;
    }

    private static boolean isContainer(Object value) {
        return value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Record
            || value.getClass().isArray();
    }
}
