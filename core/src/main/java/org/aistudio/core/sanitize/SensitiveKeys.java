package org.aistudio.core.sanitize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a field name ({@code apiKey}, {@code x-goog-api-key}, {@code DATASOURCES_DEFAULT_PASSWORD})
 * names a secret or personal data.
 *
 * <p>A key is split into lower-case words at separators and camelCase humps. Field names put their
 * head noun last, so the key is sensitive when its last word, or its last two or three words run
 * together, name a secret: {@code client_secret}, {@code x-api-key} ({@code apikey}),
 * {@code phone_number} ({@code phonenumber}), {@code accesstoken}. That keeps the near misses out:
 * {@code tokenCount}, {@code emailVerified}, {@code api_key_id} and {@code secret_name} describe a
 * secret without holding it, {@code inputTokens} and {@code maxTokens} are counts, and
 * {@code secretary} or {@code phoneticName} only look alike.
 */
final class SensitiveKeys {

    /** Every sensitive key contains one of these; a key without any is rejected before it is split. */
    private static final String[] FRAGMENTS = {
        "pass", "pwd", "secret", "token", "auth", "cookie", "credential", "mail", "phone", "mobile", "key"
    };

    /** {@link #FRAGMENTS} indexed by their first letter. */
    private static final String[][] FRAGMENTS_BY_FIRST = indexByFirstLetter(FRAGMENTS);

    /** Head nouns that hold the secret itself. */
    private static final Set<String> HEADS = Set.of(
        "password", "passwords", "passwd", "passphrase", "secret", "secrets", "token", "authorization",
        "cookie", "cookies", "credential", "credentials",
        "apikey", "privatekey", "secretkey", "accesskey", "subscriptionkey", "signingkey", "encryptionkey",
        "masterkey", "clientkey", "sessionkey", "authkey",
        "email", "emails", "emailaddress", "mailaddress",
        "phone", "phones", "phonenumber", "phoneno", "telephone", "telephonenumber", "mobile", "mobilenumber",
        "mobilephone", "cellphone");

    /** A single word ending like this holds a secret too: {@code dbpassword}, {@code clientsecret}, {@code idtoken}. */
    private static final String[] HEAD_SUFFIXES = {
        "password", "passwd", "secret", "token", "apikey", "privatekey", "secretkey", "accesskey",
        "credential", "credentials", "cookie", "authorization", "email"
    };

    /**
     * Words after a head that still mean "the value of that secret": {@code password_confirmation},
     * {@code SecretString}, {@code tokenValue}.
     */
    private static final Set<String> VALUE_WORDS = Set.of(
        "confirmation", "confirm", "repeat", "hash", "digest", "value", "string", "binary", "plain", "plaintext",
        "raw", "encoded", "base64", "b64", "hex");

    /** A key starting with one of these is a flag about a secret ({@code hasPassword}), never the secret. */
    private static final Set<String> FLAG_WORDS = Set.of(
        "is", "has", "can", "should", "use", "enable", "allow", "require", "include", "mask", "hide", "show",
        "verify", "validate", "with", "without", "skip");

    /** Words that turn "token" into a model token count: {@code max_token}, {@code outputtoken}. */
    private static final Set<String> TOKEN_COUNT_WORDS = Set.of(
        "max", "min", "input", "output", "prompt", "completion", "total", "num", "count", "cached", "reasoning",
        "remaining", "used", "limit");

    private static final String TOKEN = "token";

    /** Longer "keys" are prose or data, not field names. */
    private static final int MAX_KEY_LENGTH = 128;

    private SensitiveKeys() {
    }

    /** True when {@code key} names a value that must never be logged. */
    static boolean isSensitive(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || Markers.isMarker(key)
            || !containsFragment(key)) {
            return false;
        }
        List<String> words = words(key);
        int size = words.size();
        if (size == 0 || (size > 1 && FLAG_WORDS.contains(words.get(0)))) {
            return false;
        }
        if (size == 1 && words.get(0).equals("pwd")) {
            return false; // the shell's working directory, not a password; db_pwd still matches
        }
        int end = size;
        if (size > 1 && VALUE_WORDS.contains(words.get(size - 1))) {
            end--;
        }
        return headIsSensitive(words, end) || (end < size && headIsSensitive(words, size));
    }

    private static boolean headIsSensitive(List<String> words, int end) {
        StringBuilder head = new StringBuilder();
        for (int start = end - 1; start >= Math.max(0, end - 3); start--) {
            head.insert(0, words.get(start));
            String candidate = head.toString();
            if (matchesHead(candidate) || (start == end - 1 && candidate.equals("pwd") && end > 1)) {
                return !countsModelTokens(words, start, candidate);
            }
        }
        return false;
    }

    private static boolean matchesHead(String candidate) {
        if (HEADS.contains(candidate)) {
            return true;
        }
        for (String suffix : HEAD_SUFFIXES) {
            if (candidate.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** "token" is a secret in OAuth and a unit of text in a model's usage report. */
    private static boolean countsModelTokens(List<String> words, int headStart, String head) {
        if (!head.endsWith(TOKEN)) {
            return false;
        }
        for (int i = 0; i < headStart; i++) {
            if (TOKEN_COUNT_WORDS.contains(words.get(i))) {
                return true;
            }
        }
        String prefix = head.substring(0, head.length() - TOKEN.length());
        for (String word : TOKEN_COUNT_WORDS) {
            if (prefix.equals(word)
                || (prefix.startsWith(word) && TOKEN_COUNT_WORDS.contains(prefix.substring(word.length())))) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsFragment(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (fragmentAt(key, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a fragment of a sensitive key starts at {@code offset}, in any case. Cheap enough to
     * ask at every char of a log line: most letters start no fragment and cost one array read.
     */
    static boolean fragmentAt(String text, int offset) {
        char c = text.charAt(offset);
        char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        if (lower >= FRAGMENTS_BY_FIRST.length || FRAGMENTS_BY_FIRST[lower] == null) {
            return false;
        }
        for (String fragment : FRAGMENTS_BY_FIRST[lower]) {
            if (text.regionMatches(true, offset, fragment, 0, fragment.length())) {
                return true;
            }
        }
        return false;
    }

    private static String[][] indexByFirstLetter(String[] fragments) {
        String[][] index = new String['z' + 1][];
        for (String fragment : fragments) {
            String[] same = index[fragment.charAt(0)];
            String[] grown = same == null ? new String[1] : Arrays.copyOf(same, same.length + 1);
            grown[grown.length - 1] = fragment;
            index[fragment.charAt(0)] = grown;
        }
        return index;
    }

    /** Splits {@code "X-Goog-API_keyValue"} into {@code [x, goog, api, key, value]}. */
    static List<String> words(String key) {
        List<String> words = new ArrayList<>(4);
        StringBuilder word = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(word, words);
                continue;
            }
            if (Character.isUpperCase(c) && word.length() > 0 && startsHump(key, i)) {
                flush(word, words);
            }
            word.append(c);
        }
        flush(word, words);
        return words;
    }

    /** An upper-case letter after a lower-case one or a digit, or the last capital of an acronym before a hump. */
    private static boolean startsHump(String key, int i) {
        char previous = key.charAt(i - 1);
        if (Character.isLowerCase(previous) || Character.isDigit(previous)) {
            return true;
        }
        return Character.isUpperCase(previous) && i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }
}
