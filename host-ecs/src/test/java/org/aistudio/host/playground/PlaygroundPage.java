package org.aistudio.host.playground;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The playground as a person sees it: what they type and click, and what the last answer shows. */
final class PlaygroundPage {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The last answer read in one go, so text and status belong to the same moment. */
    record Answer(String text, String status, String source, String jobId, String tokens, String cost, String ttft,
                  String error, String reasoning, boolean reasoningShown, boolean reasoningOpen) {
        int words() {
            return text.isBlank() ? 0 : text.strip().split("\\s+").length;
        }
    }

    private static final String READ_ANSWER = """
            const all = document.querySelectorAll('article.message.assistant');
            const a = all[all.length - 1];
            if (!a) { return null; }
            const t = (c) => a.querySelector(c).textContent;
            const error = a.querySelector('.answer-error');
            const reasoning = a.querySelector('details.reasoning');
            return {text: t('.answer-text'), status: a.dataset.status || '', source: a.dataset.source || '',
                    jobId: a.dataset.jobId || '', tokens: t('.answer-tokens'), cost: t('.answer-cost'),
                    ttft: t('.answer-ttft'), error: error.hidden ? '' : error.textContent,
                    reasoning: t('.reasoning-text'), reasoningShown: !reasoning.hidden, reasoningOpen: reasoning.open};
            """;

    private final WebDriver driver;
    private final URI base;

    PlaygroundPage(WebDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /** Loads the page as a first-time visitor: nothing remembered, the development token filled in. */
    void openFresh() {
        driver.get(base.toString());
        js("localStorage.clear(); sessionStorage.clear();");
        driver.get(base.toString());
        awaitReady();
        chooseModel("demo");
    }

    void reload() {
        driver.navigate().refresh();
        awaitReady();
    }

    void awaitReady() {
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    void chooseModel(String key) {
        new Select(driver.findElement(By.id("model"))).selectByValue(key);
    }

    void chooseReasoning(String effort) {
        new Select(driver.findElement(By.id("reasoning"))).selectByValue(effort);
    }

    WebElement prompt() {
        return driver.findElement(By.id("prompt"));
    }

    /** Types a message and presses Enter, as a person would. */
    void send(String text) {
        prompt().sendKeys(text, Keys.ENTER);
    }

    void clickStop() {
        driver.findElement(By.id("stop")).click();
    }

    WebElement stopButton() {
        return driver.findElement(By.id("stop"));
    }

    void clickNewChat() {
        driver.findElement(By.id("new-chat")).click();
    }

    void signIn(String token) {
        WebElement field = driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token, Keys.ENTER);
    }

    String notice() {
        WebElement notice = driver.findElement(By.id("notice"));
        return notice.isDisplayed() ? notice.getText() : "";
    }

    String selectedModel() {
        return driver.findElement(By.id("model")).getAttribute("value");
    }

    String signedInAs() {
        return driver.findElement(By.id("signed-in")).getText();
    }

    String liveStatus() {
        return driver.findElement(By.id("live-status")).getText();
    }

    int answerCount() {
        return driver.findElements(By.cssSelector("article.message.assistant")).size();
    }

    List<WebElement> conversations() {
        return driver.findElements(By.cssSelector("#conversations button.conversation"));
    }

    @SuppressWarnings("unchecked")
    Answer answer() {
        Map<String, Object> m = (Map<String, Object>) js(READ_ANSWER);
        if (m == null) {
            return null;
        }
        return new Answer(s(m, "text"), s(m, "status"), s(m, "source"), s(m, "jobId"), s(m, "tokens"), s(m, "cost"),
                s(m, "ttft"), s(m, "error"), s(m, "reasoning"), Boolean.TRUE.equals(m.get("reasoningShown")),
                Boolean.TRUE.equals(m.get("reasoningOpen")));
    }

    /** Waits until the last answer satisfies the condition, and returns that very reading. */
    Answer awaitAnswer(Predicate<Answer> condition) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(this::answer, a -> a != null && condition.test(a));
    }

    Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /**
     * Imports one of the page's own modules in the page (under its CSP) and returns what
     * {@code body} hands to {@code done}; {@code module} is in scope in the body.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> withModule(String path, String body) {
        String script = "const done = arguments[arguments.length - 1];\n"
                + "import('" + path + "').then((module) => {\n" + body + "\n})"
                + ".catch((e) => done({failure: String(e)}));";
        Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(script);
        if (result != null && result.containsKey("failure")) {
            throw new AssertionError("module script failed: " + result.get("failure"));
        }
        return result;
    }

    private static String s(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }
}
