package org.aistudio.host.api;

/** Removes NUL and control characters (tab, newline and carriage return stay) before text is stored. */
public final class TextCleaner {

    private TextCleaner() {
    }

    public static String clean(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && allowed(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder sb = new StringBuilder(n).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (allowed(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean allowed(char c) {
        return c >= 0x20 ? c != 0x7F : c == '\n' || c == '\r' || c == '\t';
    }
}
