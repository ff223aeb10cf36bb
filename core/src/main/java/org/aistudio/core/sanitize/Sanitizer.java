package org.aistudio.core.sanitize;

/**
 * Removes secrets and personal data from everything that is logged, stored or returned: log lines,
 * error messages, request and response bodies.
 *
 * <p><b>Structured values</b> ({@link #sanitize(Object)}): the value of a sensitive key becomes
 * {@value #REDACTED}. A key is sensitive when its head noun names a secret or contact data, matched
 * across case and separators ({@code apiKey}, {@code API-KEY}, {@code x-goog-api-key},
 * {@code client_secret}, {@code access_token}, {@code password}, {@code authorization},
 * {@code set-cookie}, {@code credentials}, {@code private_key}, {@code email}, {@code phone_number},
 * {@code mobile}). Keys that only describe a secret are kept: model token counts ({@code tokens},
 * {@code inputTokens}, {@code maxTokens}, {@code tokenCount}), flags and metadata
 * ({@code emailVerified}, {@code hasPassword}, {@code token_type}, {@code api_key_id}) and look-alikes
 * ({@code secretary}, {@code phoneticName}). A {@code null} or empty value under a sensitive key is
 * kept, because "not configured" helps debugging and reveals nothing.
 *
 * <p><b>Free text</b> ({@link #sanitizeText(String)}), in this order:
 * <ul>
 *   <li>{@code key=value}, {@code key: value}, {@code "key": "value"} with a sensitive key, as
 *       above: the value becomes {@value #REDACTED} (a {@code Bearer} or {@code Basic} scheme word
 *       stays);</li>
 *   <li>the password of {@code scheme://user:password@host} URLs (PostgreSQL, JDBC, Redis...):
 *       {@value #REDACTED}; JDBC's {@code ?password=} is a keyed pair;</li>
 *   <li>{@code Bearer <token>} (the word stays) and JWTs: {@value #REDACTED_TOKEN};</li>
 *   <li>OpenAI/Anthropic {@code sk-...}, Google {@code AIza...} and AWS {@code AKIA}/{@code ASIA}
 *       key ids: {@value #REDACTED_KEY}; an AWS secret access key has no shape of its own and is
 *       caught by its label ({@code aws_secret_access_key=...});</li>
 *   <li>e-mail addresses with a dotted domain: {@value #REDACTED_EMAIL};</li>
 *   <li>phone numbers: {@code +} and 8 to 15 digits (E.164, with spaces, dots, dashes or parentheses),
 *       or North American numbers written {@code (415) 555-2671}, {@code 415-555-2671},
 *       {@code 415.555.2671}: {@value #REDACTED_PHONE}.</li>
 * </ul>
 * UUIDs, timestamps, dates, versions, durations, token counts and other plain numbers are kept.
 * IP addresses are kept on purpose: operators need them to trace abuse and failures, and the
 * contract does not list them as secret. A secret in prose without a label or a known shape
 * ("my password is hunter2") cannot be told from the words around it and is kept.
 *
 * <p><b>Limits</b>: strings longer than {@link #maxStringLength()} are cut after redaction and end
 * with {@code [TRUNCATED n chars]}; collections and maps keep at most {@link #maxCollectionSize()}
 * elements, the last one saying how many more there were; containers nested deeper than
 * {@link #maxDepth()} become {@value #TRUNCATED}; a container that contains itself becomes
 * {@value #CYCLE}. Every output is within the limits, so sanitizing twice gives the same as once.
 *
 * <p>Instances are immutable and thread-safe; the patterns are compiled once and a line without any
 * candidate character is returned after a single scan.
 */
public final class Sanitizer {

    /** Replaces the value of a sensitive key, and the password of a URL. */
    public static final String REDACTED = "[REDACTED]";
    /** Replaces an e-mail address found in text. */
    public static final String REDACTED_EMAIL = "[REDACTED_EMAIL]";
    /** Replaces a phone number found in text. */
    public static final String REDACTED_PHONE = "[REDACTED_PHONE]";
    /** Replaces a bearer token or a JWT found in text: something a user or a service signed in with. */
    public static final String REDACTED_TOKEN = "[REDACTED_TOKEN]";
    /** Replaces a provider API key or cloud access key id found in text. */
    public static final String REDACTED_KEY = "[REDACTED_KEY]";
    /** Replaces a container that contains itself. */
    public static final String CYCLE = "[CYCLE]";
    /** Replaces a container nested deeper than the maximum depth; also the key of a cut map's last entry. */
    public static final String TRUNCATED = "[TRUNCATED]";

    /** Deep enough for request bodies and error chains, shallow enough to stop a runaway graph. */
    public static final int DEFAULT_MAX_DEPTH = 16;
    /** A log line has no use for the 101st message of a conversation. */
    public static final int DEFAULT_MAX_COLLECTION_SIZE = 100;
    /** Fits a stack trace or a sizeable model answer, and keeps a runaway payload out of the logs. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 8192;
    /** The smallest string limit: room for the truncation marker with the largest count it can hold. */
    public static final int MIN_STRING_LENGTH = 32;

    /** Passes over an over-long text; later passes only run when a cut exposed a new look-alike. */
    private static final int MAX_CUT_PASSES = 3;

    private static final Sanitizer DEFAULTS = builder().build();

    private final int maxDepth;
    private final int maxCollectionSize;
    private final int maxStringLength;
    private final DeepCopy deepCopy;

    private Sanitizer(Builder builder) {
        this.maxDepth = builder.maxDepth;
        this.maxCollectionSize = builder.maxCollectionSize;
        this.maxStringLength = builder.maxStringLength;
        this.deepCopy = new DeepCopy(maxDepth, maxCollectionSize, this::sanitizeText);
    }

    /** {@return a shared sanitizer with the {@code DEFAULT_*} limits} */
    public static Sanitizer defaults() {
        return DEFAULTS;
    }

    /** {@return a builder starting from the {@code DEFAULT_*} limits} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A sanitized deep copy of {@code value}; the argument is never modified.
     *
     * @param value a map, collection, array, record, string or scalar; {@code null} gives {@code null}
     * @return maps as insertion-ordered maps, collections and arrays as lists, records as maps of their
     *     components, strings through {@link #sanitizeText(String)}, numbers, booleans, characters,
     *     enums, UUIDs, dates and durations unchanged, and any other object as its sanitized
     *     {@code toString()}
     */
    public Object sanitize(Object value) {
        return deepCopy.copy(value);
    }

    /**
     * {@code text} with secrets and contact data replaced by markers and cut to
     * {@link #maxStringLength()}.
     *
     * @param text a log line, an error message or any other free text
     * @return {@code null} for {@code null}; the same instance when nothing needed replacing
     */
    public String sanitizeText(String text) {
        if (text == null) {
            return null;
        }
        String sanitized = TextRedactor.redact(text);
        for (int pass = 0; sanitized.length() > maxStringLength && pass < MAX_CUT_PASSES; pass++) {
            // A cut can leave a number or key that reads differently without its tail; check again.
            sanitized = TextRedactor.redact(Truncation.cut(sanitized, maxStringLength));
        }
        return Truncation.cut(sanitized, maxStringLength);
    }

    /**
     * {@return whether {@link #sanitize(Object)} replaces the value under {@code key}}
     *
     * @param key a field, header or property name; {@code null} is not sensitive
     */
    public boolean isSensitiveKey(String key) {
        return SensitiveKeys.isSensitive(key);
    }

    /** {@return how deep containers nest before they become {@value #TRUNCATED}} */
    public int maxDepth() {
        return maxDepth;
    }

    /** {@return the most elements a sanitized collection or map holds, its truncation marker included} */
    public int maxCollectionSize() {
        return maxCollectionSize;
    }

    /** {@return the length of the longest sanitized string, its truncation marker included} */
    public int maxStringLength() {
        return maxStringLength;
    }

    @Override
    public String toString() {
        return "Sanitizer[maxDepth=" + maxDepth + ", maxCollectionSize=" + maxCollectionSize
            + ", maxStringLength=" + maxStringLength + "]";
    }

    /** Collects limits; {@link #build()} checks them. Not thread-safe, unlike what it builds. */
    public static final class Builder {

        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxCollectionSize = DEFAULT_MAX_COLLECTION_SIZE;
        private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;

        private Builder() {
        }

        /**
         * @param maxDepth how deep containers nest before they become {@value #TRUNCATED}; at least 1
         * @return this builder
         */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * @param maxCollectionSize the most elements a sanitized collection or map holds, marker
         *     included; at least 1
         * @return this builder
         */
        public Builder maxCollectionSize(int maxCollectionSize) {
            this.maxCollectionSize = maxCollectionSize;
            return this;
        }

        /**
         * @param maxStringLength the length of the longest sanitized string, marker included; at
         *     least {@link #MIN_STRING_LENGTH}
         * @return this builder
         */
        public Builder maxStringLength(int maxStringLength) {
            this.maxStringLength = maxStringLength;
            return this;
        }

        /**
         * Checks the limits and builds.
         *
         * @return an immutable, thread-safe sanitizer
         * @throws IllegalArgumentException naming the setting, its value and the smallest allowed value
         */
        public Sanitizer build() {
            requireAtLeast("maxDepth", maxDepth, 1, "1 keeps only the top-level container");
            requireAtLeast("maxCollectionSize", maxCollectionSize, 1, "1 keeps only the truncation marker");
            requireAtLeast("maxStringLength", maxStringLength, MIN_STRING_LENGTH,
                MIN_STRING_LENGTH + " leaves room for the truncation marker");
            return new Sanitizer(this);
        }

        private static void requireAtLeast(String name, int value, int minimum, String why) {
            if (value < minimum) {
                throw new IllegalArgumentException(
                    "Sanitizer " + name + " must be at least " + minimum + " (" + why + "), but was " + value);
            }
        }
    }
}
