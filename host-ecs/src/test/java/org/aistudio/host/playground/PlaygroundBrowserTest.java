package org.aistudio.host.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;
import org.aistudio.core.provider.ScriptedProvider;
import org.aistudio.core.provider.demo.DemoProvider;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.jwt.JwtMinter;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.aistudio.host.support.ScriptedProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The playground in a real headless Chromium against a real host: what a newcomer sees after the
 * README's first command. The demo provider is slowed to 80 ms a word so an answer is watched
 * while it streams. Each state is saved as {@code target/surefire-reports/playground-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaygroundBrowserTest {

    private static final String USER = "alice";
    private static final String FAILING_MODEL = "scripted-pg";
    private static final String TRIAL_ROLE = "trial";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private TestDatabase db;
    private RunningHost host;
    private Browser browser;
    private PlaygroundPage page;

    @BeforeAll
    void start() {
        Browser.assumeInstalled();
        db = EmbeddedDatabase.createDatabase();
        ScriptedProviders.addModel(db, FAILING_MODEL, null, null);
        host = RunningHost.start(db, Map.of(
                "spec.name", "PlaygroundBrowserTest",
                "test.scripted", "true",
                PlaygroundSettings.ENABLED, "true",
                PlaygroundSettings.DEV_TOKEN, new JwtMinter(RunningHost.SECRET).token(USER, "user"),
                "aistudio.demo.chunk-delay", "80ms",
                "aistudio.rate-limit.roles." + TRIAL_ROLE + ".per-minute", "1"));
        browser = Browser.start();
        page = new PlaygroundPage(browser.driver(), host.uri("/"));
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

    @BeforeEach
    void freshPage() {
        browser.resize(Browser.DESKTOP);
        page.openFresh();
    }

    @Test
    void an_answer_grows_on_screen_while_it_streams_and_ends_completed_with_its_figures() {
        String prompt = "Show me streaming";
        page.send(prompt);

        PlaygroundPage.Answer first = page.awaitAnswer(a -> a.words() > 0);
        PlaygroundPage.Answer later = page.awaitAnswer(a -> a.text().length() > first.text().length());
        assertThat(first.status()).isEqualTo("streaming");
        assertThat(later.status()).as("the text grew before the answer ended").isEqualTo("streaming");
        assertThat(later.text()).startsWith(first.text());
        browser.screenshot("streaming");

        PlaygroundPage.Answer done = page.awaitAnswer(a -> a.status().equals("completed"));
        assertThat(done.text()).isEqualTo(demoAnswer(prompt));
        assertThat(done.jobId()).matches(UUID);
        assertThat(done.tokens()).matches("\\d+ in · \\d+ out");
        assertThat(done.cost()).matches("\\$\\d+\\.\\d{6}");
        assertThat(done.ttft()).matches("\\d+ ms");
        assertThat(page.liveStatus()).isEqualTo("The answer is complete.");
        assertThat(db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + done.jobId() + "'"))
                .isEqualTo("completed");
        browser.screenshot("completed");
        assertThat(browser.consoleMessages()).as("no CSP violation, no script error")
                .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Uncaught"));
    }

    @Test
    void stop_cancels_the_job_and_the_answer_is_shown_cancelled_with_its_partial_text() {
        String prompt = "Please stop me midway";
        page.send(prompt);
        page.awaitAnswer(a -> a.words() >= 2);
        assertThat(page.stopButton().isEnabled()).isTrue();

        page.clickStop();

        PlaygroundPage.Answer stopped = page.awaitAnswer(a -> a.status().equals("cancelled"));
        assertThat(demoAnswer(prompt)).startsWith(stopped.text());
        assertThat(stopped.text().length()).isLessThan(demoAnswer(prompt).length());
        assertThat(db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + stopped.jobId() + "'"))
                .isEqualTo("cancelled");
        await().atMost(PlaygroundPage.PATIENCE).until(() -> !page.stopButton().isEnabled());
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).as("focus back in the message box")
                .isEqualTo("prompt");
        browser.screenshot("cancelled");
    }

    @Test
    void keyboard_alone_writes_two_lines_sends_with_enter_and_stops_with_escape() {
        page.prompt().sendKeys("first line", Keys.chord(Keys.SHIFT, Keys.ENTER), "second line");
        assertThat(page.prompt().getAttribute("value")).isEqualTo("first line\nsecond line");
        assertThat(page.answerCount()).as("Shift+Enter does not send").isZero();

        page.prompt().sendKeys(Keys.ENTER);
        page.awaitAnswer(a -> a.words() >= 1);
        assertThat(page.prompt().getAttribute("value")).isEmpty();
        page.prompt().sendKeys(Keys.ESCAPE);

        PlaygroundPage.Answer stopped = page.awaitAnswer(a -> a.status().equals("cancelled"));
        assertThat(db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + stopped.jobId() + "'"))
                .isEqualTo("cancelled");
        String shown = browser.driver().findElement(By.cssSelector("article.message.user .message-text")).getText();
        assertThat(shown).isEqualTo("first line\nsecond line");
    }

    @Test
    void a_reload_in_the_middle_of_an_answer_resumes_it_to_the_end() {
        String prompt = "Keep going after a reload of the page, word after word, until the very end";
        page.send(prompt);
        PlaygroundPage.Answer before = page.awaitAnswer(a -> a.words() >= 3);
        assertThat(before.status()).isEqualTo("streaming");

        page.reload();

        PlaygroundPage.Answer resumed = page.awaitAnswer(a -> a.source().equals("resume") && a.words() > 0);
        assertThat(resumed.jobId()).isEqualTo(before.jobId());
        browser.screenshot("resumed");
        PlaygroundPage.Answer done = page.awaitAnswer(a -> a.status().equals("completed"));
        assertThat(done.source()).isEqualTo("resume");
        assertThat(done.text()).isEqualTo(demoAnswer(prompt));
        assertThat(page.answerCount()).as("the answer is shown once").isEqualTo(1);
        assertThat(browser.driver().getCurrentUrl()).contains("#/c/chat-");
    }

    @Test
    void a_dropped_connection_is_picked_up_after_the_last_part_seen_without_repeating_text() {
        ContractFaultsFilter faults = host.bean(ContractFaultsFilter.class);
        faults.cutNextChatAfter(8);
        faults.forgetResumes();
        String prompt = "Survive a dropped connection in the middle of this answer and then carry on to the end";

        page.send(prompt);

        PlaygroundPage.Answer done = page.awaitAnswer(a -> a.status().equals("completed"));
        assertThat(done.text()).as("no part is shown twice: the resume started after the last part seen")
                .isEqualTo(demoAnswer(prompt));
        assertThat(done.source()).isEqualTo("send");
        assertThat(faults.lastEventIds()).as("the page resumed once, after the last part it had")
                .containsExactly("8");
        assertThat(db.queryLong("SELECT count(*) FROM ai_streaming_jobs WHERE conversation_id = (SELECT conversation_id "
                + "FROM ai_streaming_jobs WHERE id = '" + done.jobId() + "')")).as("one job, not a second one").isEqualTo(1);
    }

    @Test
    void too_many_requests_is_a_sentence_with_the_wait_and_the_message_is_kept() {
        // A trial user may start one chat a minute; the first one is started (and stopped) directly.
        String trial = new JwtMinter(RunningHost.SECRET).token("trial-user", TRIAL_ROLE);
        try (SseStream first = Http.openChat(host.uri("/api/chat"), trial,
                ChatBodies.chat("trial-chat", "demo", "The one chat of this minute"))) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(Http.delete(host.uri("/api/jobs/" + first.header("x-job-id")), trial).statusCode()).isEqualTo(202);
        }
        page.signIn(trial);
        await().atMost(PlaygroundPage.PATIENCE).until(() -> page.signedInAs().equals("Signed in as trial-user.")
                && page.selectedModel().equals("demo"));
        long jobsBefore = db.queryLong("SELECT count(*) FROM ai_streaming_jobs");

        page.send("One more please");

        await().atMost(PlaygroundPage.PATIENCE).until(() -> !page.notice().isEmpty());
        Matcher sentence = Pattern.compile("You are sending too many requests\\. Try again in (\\d+) seconds?\\.")
                .matcher(page.notice());
        assertThat(sentence.matches()).as(page.notice()).isTrue();
        assertThat(Integer.parseInt(sentence.group(1))).isBetween(1, 60);
        assertThat(page.prompt().getAttribute("value")).isEqualTo("One more please");
        assertThat(page.answerCount()).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM ai_streaming_jobs")).isEqualTo(jobsBefore);
        browser.screenshot("rate-limited");
    }

    @Test
    void an_error_part_mid_stream_is_shown_as_a_sentence_and_the_answer_as_failed() {
        ScriptedProviders.PROVIDER.enqueue(ScriptedProvider.Script.failAfter(
                new ProviderException("scripted", ErrorKind.INCOMPLETE, "the upstream stream was cut"),
                "Partial ", "answer "));
        page.chooseModel(FAILING_MODEL);

        page.send("Fail halfway");

        PlaygroundPage.Answer failed = page.awaitAnswer(a -> a.status().equals("failed"));
        assertThat(failed.text().strip()).isEqualTo("Partial answer");
        assertThat(failed.error()).startsWith("The answer failed: ").hasSizeGreaterThan("The answer failed: ".length());
        browser.screenshot("failed");
    }

    @Test
    void a_token_the_server_refuses_is_a_sentence_and_the_focus_goes_back_to_the_token_field() {
        page.signIn("not-a-token");

        await().atMost(PlaygroundPage.PATIENCE).until(() -> !page.notice().isEmpty());
        assertThat(page.notice()).startsWith("Your token was not accepted");
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("token");
        browser.screenshot("unauthorized");
    }

    @Test
    void conversations_are_listed_and_reopen_with_their_answers() {
        String prompt = "Remember this conversation";
        page.send(prompt);
        PlaygroundPage.Answer done = page.awaitAnswer(a -> a.status().equals("completed"));
        await().atMost(PlaygroundPage.PATIENCE).until(() -> page.conversations().stream()
                .anyMatch(b -> b.getText().equals(prompt)));

        page.clickNewChat();
        assertThat(page.answerCount()).isZero();
        page.conversations().stream().filter(b -> b.getText().equals(prompt)).findFirst().orElseThrow().click();

        PlaygroundPage.Answer reopened = page.awaitAnswer(a -> a.source().equals("history"));
        assertThat(reopened.text()).isEqualTo(done.text());
        assertThat(reopened.status()).isEqualTo("completed");
        assertThat(reopened.jobId()).isEqualTo(done.jobId());
        assertThat(reopened.tokens()).isEqualTo(done.tokens());
    }

    @Test
    void on_a_phone_sized_screen_the_conversation_list_folds_away_and_reasoning_arrives_folded() {
        browser.resize(Browser.PHONE);
        page.chooseReasoning("low");
        String prompt = "Hello from a phone";
        page.send(prompt);

        PlaygroundPage.Answer thinking = page.awaitAnswer(a -> a.reasoningShown() && !a.reasoning().isEmpty());
        assertThat(thinking.reasoningOpen()).as("reasoning is folded").isFalse();
        PlaygroundPage.Answer done = page.awaitAnswer(a -> a.status().equals("completed"));
        ChatRequest request = ChatRequest.of("demo-1", ChatMessage.user(prompt));
        assertThat(done.reasoning()).isEqualTo(DemoProvider.reasoningFor(request));
        assertThat(done.text()).isEqualTo(DemoProvider.answerFor(request));
        assertThat(done.tokens()).matches("\\d+ in · \\d+ out · \\d+ reasoning");

        assertThat(browser.driver().findElement(By.id("sidebar")).isDisplayed()).isFalse();
        assertThat(browser.driver().findElement(By.id("toggle-sidebar")).isDisplayed()).isTrue();
        Number scrollWidth = (Number) page.js("return document.documentElement.scrollWidth;");
        Number clientWidth = (Number) page.js("return document.documentElement.clientWidth;");
        assertThat(scrollWidth.intValue()).as("nothing is wider than the screen").isLessThanOrEqualTo(clientWidth.intValue());
        browser.screenshot("phone");

        browser.driver().findElement(By.id("toggle-sidebar")).click();
        assertThat(browser.driver().findElement(By.id("sidebar")).isDisplayed()).isTrue();
        assertThat(browser.driver().findElement(By.id("toggle-sidebar")).getAttribute("aria-expanded")).isEqualTo("true");
        browser.screenshot("phone-conversations");
    }

    private static String demoAnswer(String prompt) {
        return DemoProvider.answerFor(ChatRequest.of("demo-1", ChatMessage.user(prompt)));
    }
}
