package org.aistudio.host.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.RunningHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The page's own modules, run in the browser they are written for: the SSE parser on frames cut
 * at awkward places, the markdown renderer on hostile model text, and the error sentences.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaygroundModulesTest {

    private TestDatabase db;
    private RunningHost host;
    private Browser browser;
    private PlaygroundPage page;

    @BeforeAll
    void start() {
        Browser.assumeInstalled();
        db = EmbeddedDatabase.createDatabase();
        host = RunningHost.start(db, Map.of(PlaygroundSettings.ENABLED, "true"));
        browser = Browser.start();
        page = new PlaygroundPage(browser.driver(), host.uri("/"));
        browser.driver().get(host.uri("/").toString());
        page.awaitReady();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_sse_parser_joins_frames_cut_anywhere_and_reads_crlf_comments_and_multiline_data() {
        Map<String, Object> result = page.withModule("/sse.js", """
                const events = [];
                const comments = [];
                const parser = new module.SseParser((e) => events.push(e), (c) => comments.push(c));
                for (const piece of ['id: 1\\r', '\\ndata: {"type":', '"start"}\\r\\n\\r\\n: keep-alive\\n\\n',
                    'id: 2\\ndata: line one\\ndata:line two\\n', '\\n', 'event: custom\\nid: 3\\ndata: x\\r\\r',
                    'data: [DONE]\\n\\n', 'data: never dispatched']) {
                  parser.push(piece);
                }
                done({events, comments});
                """);

        List<Map<String, Object>> events = (List<Map<String, Object>>) result.get("events");
        assertThat(events).extracting(e -> e.get("id"), e -> e.get("type"), e -> e.get("data")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1", "message", "{\"type\":\"start\"}"),
                org.assertj.core.groups.Tuple.tuple("2", "message", "line one\nline two"),
                org.assertj.core.groups.Tuple.tuple("3", "custom", "x"),
                org.assertj.core.groups.Tuple.tuple("3", "message", "[DONE]"));
        assertThat((List<String>) result.get("comments")).containsExactly("keep-alive");
    }

    @Test
    @SuppressWarnings("unchecked")
    void markdown_from_a_model_never_becomes_markup_and_keeps_its_structure() {
        Map<String, Object> result = page.withModule("/markdown.js", """
                window.pwned = 0;
                const box = document.createElement('div');
                document.body.append(box);
                box.append(module.renderMarkdown([
                  'Intro <img src=x onerror="window.pwned=1"> with **bold <b>x</b>** and `<script>`',
                  '',
                  '```html',
                  '<script>window.pwned = 2</script>',
                  '```',
                  '',
                  '- one',
                  '- two',
                  '',
                  '3. three',
                  '4. four',
                  '',
                  '## Heading',
                  '',
                  '[bad](javascript:window.pwned=3) and [good](https://example.org/docs)',
                ].join('\\n')));
                const result = {
                  elements: [...box.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
                  paragraph: box.querySelector('p').textContent,
                  code: box.querySelector('pre code').textContent,
                  language: box.querySelector('pre code').dataset.language,
                  items: [...box.querySelectorAll('ul li')].map((li) => li.textContent),
                  olStart: box.querySelector('ol').start,
                  links: [...box.querySelectorAll('a')].map((a) => a.href + ' ' + a.rel),
                  lastParagraph: box.querySelectorAll('p')[1].textContent,
                };
                box.remove();
                setTimeout(() => done({...result, pwned: window.pwned}), 50);
                """);

        assertThat((List<String>) result.get("elements")).doesNotContain("img", "script", "b")
                .contains("p", "strong", "code", "pre", "ul", "li", "ol", "h4", "a");
        assertThat(result.get("paragraph"))
                .isEqualTo("Intro <img src=x onerror=\"window.pwned=1\"> with bold <b>x</b> and <script>");
        assertThat(result.get("code")).isEqualTo("<script>window.pwned = 2</script>");
        assertThat(result.get("language")).isEqualTo("html");
        assertThat((List<String>) result.get("items")).containsExactly("one", "two");
        assertThat(((Number) result.get("olStart")).intValue()).isEqualTo(3);
        assertThat((List<String>) result.get("links")).containsExactly("https://example.org/docs noopener noreferrer nofollow");
        assertThat(result.get("lastParagraph")).isEqualTo("[bad](javascript:window.pwned=3) and good");
        assertThat(((Number) result.get("pwned")).intValue()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void contract_errors_read_as_sentences_with_their_wait() {
        Map<String, Object> result = page.withModule("/errors.js", """
                import('/api.js').then((api) => {
                const e = (status, code, message, wait) => new api.ApiError(status, code, message, wait);
                done({
                  tooMany: module.sentence(e(429, 'rate_limited', 'Too many.', 42)),
                  tooManyOne: module.sentence(e(429, 'rate_limited', 'Too many.', 1)),
                  tooManyNoWait: module.sentence(e(429, null, null, null)),
                  unavailable: module.sentence(e(503, 'shutting_down', 'This instance is shutting down.', 1)),
                  forbidden: module.sentence(e(403, 'model_not_allowed', "You are not allowed to use the model 'x'.")),
                  invalid: module.sentence(e(422, 'invalid_request', 'messages must be a non-empty array.')),
                  unreachable: module.sentence(e(0, 'unreachable', null)),
                  server: module.sentence(e(500, null, null)),
                  retryDate: api.retryAfterSeconds(new Date(Date.now() + 30000).toUTCString()),
                });
                });
                """);

        assertThat(result).containsEntry("tooMany", "You are sending too many requests. Try again in 42 seconds.")
                .containsEntry("tooManyOne", "You are sending too many requests. Try again in 1 second.")
                .containsEntry("tooManyNoWait", "You are sending too many requests. Wait a moment and try again.")
                .containsEntry("unavailable",
                        "The service is not available right now. This instance is shutting down. Try again in 1 second.")
                .containsEntry("forbidden", "You are not allowed to use the model 'x'.")
                .containsEntry("invalid", "The request was not accepted. messages must be a non-empty array.")
                .containsEntry("unreachable", "The server could not be reached. Check that it is running and try again.")
                .containsEntry("server", "Something went wrong on the server. Try again in a moment.");
        assertThat(((Number) result.get("retryDate")).intValue()).isBetween(28, 31);
    }
}
