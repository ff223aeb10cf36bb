package org.aistudio.core.sanitize;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The free-text rules, in the order they run. Keyed pairs go first so a labelled secret reads
 * {@code [REDACTED]} whatever its shape; shape rules then catch secrets that travel without a label.
 *
 * <p>A rule runs only when {@link Candidates} saw its trigger, and then only at its {@link Anchor}s
 * ({@code @}, {@code eyJ}, {@code ://}...) rather than at every position. Patterns use possessive
 * quantifiers wherever they may not give back and bound every repeated group, so matching stays
 * linear in the length of the line and never runs out of stack.
 */
final class TextRedactor {

    /** {@code scheme://user:password@host}: only the password goes. */
    private static final Pattern URL_PASSWORD = Pattern.compile(
        "(?<![\\w+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}+://[^\\s:/?#@]{0,256}+:([^\\s/?#]{1,256})@");

    /** RFC 6750 {@code b64token} after the word Bearer, which is kept. */
    private static final Pattern BEARER = Pattern.compile(
        "(?<![\\w-])(?i:bearer)[ \\t]++([A-Za-z0-9._~+/-]++=*+)");

    /** Three base64url segments whose header is a JSON object; the signature may be empty ({@code alg: none}). */
    private static final Pattern JWT = Pattern.compile(
        "(?<![\\w-])eyJ[A-Za-z0-9_-]{7,}+\\.[A-Za-z0-9_-]{2,}+\\.[A-Za-z0-9_-]*+");

    /** OpenAI ({@code sk-}, {@code sk-proj-}, {@code sk-svcacct-}) and Anthropic ({@code sk-ant-}) keys. */
    private static final Pattern SK_KEY = Pattern.compile("(?<![\\w-])sk-[A-Za-z0-9_-]{20,}+");

    private static final Pattern GOOGLE_KEY = Pattern.compile("(?<![\\w-])AIza[\\w-]{35}(?![\\w-])");

    /** Long-term ({@code AKIA}) and temporary ({@code ASIA}) AWS access key ids. */
    private static final Pattern AWS_KEY_ID = Pattern.compile("(?<![A-Za-z0-9])A(?:KI|SI)A[A-Z0-9]{16}(?![A-Za-z0-9])");

    /**
     * A dotted domain of up to ten labels with a letter TLD; the user part of a URL
     * ({@code ssh://git@host}) is not an address. The label count is bounded because Java runs a
     * repeated group by recursion.
     */
    private static final Pattern EMAIL = Pattern.compile(
        "(?<![\\w.%+-])(?<!://)[\\w.%+-]{1,64}+@(?:[A-Za-z0-9-]{1,63}+\\.){1,10}[A-Za-z]{2,24}+(?![\\w-])");

    /** {@code +} and a country code, then digit groups with at most one separator between them. */
    private static final Pattern INTERNATIONAL_PHONE = Pattern.compile(
        "(?<![\\w+])\\+[1-9]\\d{0,3}+(?:[ .-]?+(?:\\(\\d{1,5}+\\)|\\d{1,5}+)){1,6}+(?!\\w)");

    /**
     * North American numbers need parentheses or a repeated {@code -} / {@code .}: {@code 415 555 2671}
     * reads too much like a list of counts to redact without a {@code +}.
     */
    private static final Pattern NATIONAL_PHONE = Pattern.compile(
        "(?<![\\w.+-])(?:1[ .-]?)?(?:\\([2-9]\\d{2}\\) ?[2-9]\\d{2}[ .-]|[2-9]\\d{2}([.-])[2-9]\\d{2}\\1)\\d{4}"
            + "(?![\\w-]|\\.\\d)");

    private static final int E164_MIN_DIGITS = 8;
    private static final int E164_MAX_DIGITS = 15;
    private static final int MIN_BEARER_TOKEN = 8;

    private static final int MAX_SCHEME = 31;
    private static final int MAX_LOCAL_PART = 64;

    private static final List<TextRule> RULES = List.of(
        new KeyedValueRule(Sanitizer.REDACTED),
        new PatternRule(Candidates.URL | Candidates.AT, URL_PASSWORD,
            Anchor.inside("://", TextRedactor::isSchemeChar, MAX_SCHEME), 1, Sanitizer.REDACTED),
        new PatternRule(Candidates.BEARER, BEARER, Anchor.literalIgnoringCase("bearer"), 1, Sanitizer.REDACTED_TOKEN,
            TextRedactor::looksLikeToken),
        new PatternRule(Candidates.JWT, JWT, Anchor.literal("eyJ"), 0, Sanitizer.REDACTED_TOKEN),
        new PatternRule(Candidates.SK, SK_KEY, Anchor.literal("sk-"), 0, Sanitizer.REDACTED_KEY,
            TextRedactor::hasDigit),
        new PatternRule(Candidates.GOOGLE, GOOGLE_KEY, Anchor.literal("AIza"), 0, Sanitizer.REDACTED_KEY),
        new PatternRule(Candidates.AWS, AWS_KEY_ID, Anchor.eitherLiteral("AKIA", "ASIA"), 0, Sanitizer.REDACTED_KEY),
        new PatternRule(Candidates.AT, EMAIL, Anchor.inside("@", TextRedactor::isLocalPartChar, MAX_LOCAL_PART), 0,
            Sanitizer.REDACTED_EMAIL),
        new PatternRule(Candidates.PLUS_DIGIT, INTERNATIONAL_PHONE, Anchor.literal("+"), 0, Sanitizer.REDACTED_PHONE,
            TextRedactor::isInternationalNumber),
        new PatternRule(Candidates.DIGIT_GROUP, NATIONAL_PHONE, new AreaCode(), 0, Sanitizer.REDACTED_PHONE));

    private TextRedactor() {
    }

    /**
     * The area code of a North American number: {@code (415)}, or exactly three digits before a
     * {@code -} or {@code .}. A leading {@code 1} and its separator belong to the match.
     */
    private static final class AreaCode implements Anchor {

        @Override
        public int next(String text, int from) {
            for (int i = from; i + 4 < text.length(); i++) {
                char c = text.charAt(i);
                boolean parenthesised = c == '(' && isDigits(text, i + 1, 3) && text.charAt(i + 4) == ')';
                boolean separated = isDigits(text, i, 3) && (i == 0 || !isDigit(text.charAt(i - 1)))
                    && (text.charAt(i + 3) == '-' || text.charAt(i + 3) == '.');
                if (parenthesised || separated) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public int matchStart(String text, int at) {
            if (at >= 2 && text.charAt(at - 2) == '1' && " .-".indexOf(text.charAt(at - 1)) >= 0) {
                return at - 2;
            }
            return at >= 1 && text.charAt(at - 1) == '1' ? at - 1 : at;
        }

        private static boolean isDigits(String text, int from, int count) {
            for (int i = from; i < from + count; i++) {
                if (!isDigit(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code text} with every secret replaced by its marker; the same instance when there was none. */
    static String redact(String text) {
        if (text.isEmpty()) {
            return text;
        }
        int candidates = Candidates.scan(text);
        if (candidates == Candidates.NONE) {
            return text;
        }
        String redacted = text;
        for (TextRule rule : RULES) {
            if (rule.mayMatch(candidates)) {
                redacted = rule.apply(redacted);
            }
        }
        return redacted;
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '+' || c == '.' || c == '-';
    }

    private static boolean isLocalPartChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Real bearer tokens carry digits; "Bearer authentication" is prose. */
    private static boolean looksLikeToken(String token) {
        return token.length() >= MIN_BEARER_TOKEN && hasDigit(token);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** E.164 allows 8 to 15 digits; {@code +1234.5678} is a signed decimal, not a number to dial. */
    private static boolean isInternationalNumber(String candidate) {
        int digits = 0;
        int separators = 0;
        boolean onlyDots = true;
        for (int i = 1; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (isDigit(c)) {
                digits++;
            } else if (c == ' ' || c == '-' || c == '.') {
                separators++;
                onlyDots &= c == '.';
            } else {
                onlyDots = false;
            }
        }
        boolean decimal = separators == 1 && onlyDots;
        return digits >= E164_MIN_DIGITS && digits <= E164_MAX_DIGITS && !decimal;
    }
}
