package org.aistudio.core.sanitize;

/**
 * One pass over a text that notes which redaction rules could possibly match, so a log line without
 * candidates costs a single scan and no regular expression at all.
 */
final class Candidates {

    static final int NONE = 0;
    /** {@code :} or {@code =}: a {@code key: value} or {@code key=value} pair may follow. */
    static final int PAIR = 1;
    /** A fragment of a sensitive key ({@code pass}, {@code token}, {@code key}...), in any case. */
    static final int KEY_WORD = 1 << 1;
    static final int AT = 1 << 2;
    /** {@code ://}: a URL that may carry a password. */
    static final int URL = 1 << 3;
    /** {@code +} before a digit: an international phone number. */
    static final int PLUS_DIGIT = 1 << 4;
    /**
     * Three digits closed by {@code -}, {@code .}, {@code )} or a space, in a text with at least
     * {@link #PHONE_DIGITS} digits: the start of a national phone number. Timestamps, versions and
     * IP addresses rarely have it, so most log lines skip the phone pattern.
     */
    static final int DIGIT_GROUP = 1 << 5;
    static final int BEARER = 1 << 6;
    /** {@code eyJ}: the base64url start of a JSON object, as in every JWT header. */
    static final int JWT = 1 << 7;
    /** {@code sk-}: OpenAI and Anthropic key prefixes. */
    static final int SK = 1 << 8;
    /** {@code AIza}: Google API key prefix. */
    static final int GOOGLE = 1 << 9;
    /** {@code AKIA} or {@code ASIA}: AWS access key id prefixes. */
    static final int AWS = 1 << 10;

    static final int PHONE_DIGITS = 10;
    private static final int AREA_CODE_DIGITS = 3;

    private Candidates() {
    }

    /** The rule flags whose trigger appears in {@code text}. */
    static int scan(String text) {
        int found = NONE;
        int digits = 0;
        int run = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                digits++;
                run++;
                continue;
            }
            if (run == AREA_CODE_DIGITS && (c == '-' || c == '.' || c == ')' || c == ' ')) {
                found |= DIGIT_GROUP;
            }
            run = 0;
            found |= punctuation(text, i, c) | prefix(text, i, c);
            if ((found & KEY_WORD) == 0 && SensitiveKeys.fragmentAt(text, i)) {
                found |= KEY_WORD;
            }
        }
        return digits >= PHONE_DIGITS ? found : found & ~DIGIT_GROUP;
    }

    private static int punctuation(String text, int i, char c) {
        return switch (c) {
            case ':' -> PAIR | (text.startsWith("//", i + 1) ? URL : NONE);
            case '=' -> PAIR;
            case '@' -> AT;
            case '+' -> i + 1 < text.length() && isDigit(text.charAt(i + 1)) ? PLUS_DIGIT : NONE;
            default -> NONE;
        };
    }

    private static int prefix(String text, int i, char c) {
        return switch (c) {
            case 'e' -> text.startsWith("yJ", i + 1) ? JWT : NONE;
            case 's' -> text.startsWith("k-", i + 1) ? SK : NONE;
            case 'A' -> text.startsWith("Iza", i + 1) ? GOOGLE
                : text.startsWith("KIA", i + 1) || text.startsWith("SIA", i + 1) ? AWS : NONE;
            case 'B', 'b' -> text.regionMatches(true, i + 1, "earer", 0, 5) ? BEARER : NONE;
            default -> NONE;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
