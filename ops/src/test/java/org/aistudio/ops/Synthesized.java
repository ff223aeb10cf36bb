package org.aistudio.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aistudio.ops.database.DatabaseStack;
import org.aistudio.ops.network.NetworkStack;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * One synthesis per environment for the whole test run: synthesizing through jsii takes seconds,
 * asserting on a template takes milliseconds.
 */
public final class Synthesized {

    public static final String CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/abc";
    public static final String EMAIL = "ops@example.org";

    private static Synthesized dev;
    private static Template prodDatabase;

    public final Settings settings;
    public final AistudioApp app;
    public final Template network;
    public final Template registry;
    public final Template database;
    public final Template service;
    public final Template monitoring;
    /** What synthesis said about each stack (warnings, errors), by stack name. */
    public final Map<String, List<String>> problems = new LinkedHashMap<>();

    private Synthesized(Settings settings) {
        this.settings = settings;
        App cdkApp = new App();
        this.app = AistudioApp.build(cdkApp, settings, null);
        // Template.fromStack synthesizes the whole app on every call; one synthesis serves all five.
        CloudAssembly assembly = cdkApp.synth();
        this.network = template(assembly, app.network());
        this.registry = template(assembly, app.registry());
        this.database = template(assembly, app.database());
        this.service = template(assembly, app.service());
        this.monitoring = template(assembly, app.monitoring());
        for (Stack stack : List.of(app.network(), app.registry(), app.database(), app.service(), app.monitoring())) {
            problems.put(stack.getStackName(), assembly.getStackArtifact(stack.getArtifactId()).getMessages().stream()
                    .filter(m -> m.getLevel() != SynthesisMessageLevel.INFO)
                    .map(m -> m.getLevel() + " " + m.getId() + ": " + m.getEntry().getData())
                    .toList());
        }
    }

    @SuppressWarnings("unchecked")
    private static Template template(CloudAssembly assembly, Stack stack) {
        return Template.fromJSON((Map<String, Object>) assembly.getStackArtifact(stack.getArtifactId()).getTemplate());
    }

    public static synchronized Synthesized dev() {
        if (dev == null) {
            dev = new Synthesized(Settings.forEnv("dev").withCertificateArn(CERTIFICATE).withAlertEmail(EMAIL));
        }
        return dev;
    }

    /** Production's database stack alone: the only stack whose shape differs by more than names. */
    public static synchronized Template prodDatabase() {
        if (prodDatabase == null) {
            Settings settings = Settings.forEnv("prod").withCertificateArn(CERTIFICATE);
            App cdkApp = new App();
            NetworkStack network = new NetworkStack(cdkApp, "Network", StackProps.builder().build(), settings);
            DatabaseStack database = new DatabaseStack(cdkApp, "Database", StackProps.builder().build(), settings,
                    network.vpc());
            prodDatabase = template(cdkApp.synth(), database);
        }
        return prodDatabase;
    }

    public List<Template> all() {
        return List.of(network, registry, database, service, monitoring);
    }

    /** The properties of the only resource of {@code type} matching {@code props}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> onlyResource(Template template, String type, Map<String, ?> props) {
        Map<String, Map<String, Object>> found = template.findResources(type, Map.of("Properties", props));
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + " matching " + props + ", found " + found.keySet());
        }
        return (Map<String, Object>) found.values().iterator().next().get("Properties");
    }

    /** The logical id of the only resource of {@code type} matching {@code props}. */
    public static String onlyLogicalId(Template template, String type, Map<String, ?> props) {
        Map<String, Map<String, Object>> found = template.findResources(type, Map.of("Properties", props));
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + " matching " + props + ", found " + found.keySet());
        }
        return found.keySet().iterator().next();
    }

    /**
     * A CloudFormation value as one readable string: joins are joined, references become
     * {@code ${Ref:id}}, {@code ${Import:name}} or {@code ${GetAtt:id.attr}}.
     */
    public static String text(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> fn = map.entrySet().iterator().next();
            switch (String.valueOf(fn.getKey())) {
                case "Fn::Join" -> {
                    List<Object> args = list(fn.getValue());
                    StringBuilder joined = new StringBuilder();
                    List<Object> parts = list(args.get(1));
                    for (int i = 0; i < parts.size(); i++) {
                        joined.append(i == 0 ? "" : args.get(0)).append(text(parts.get(i)));
                    }
                    return joined.toString();
                }
                case "Ref" -> {
                    return "${Ref:" + fn.getValue() + "}";
                }
                case "Fn::ImportValue" -> {
                    return "${Import:" + fn.getValue() + "}";
                }
                case "Fn::GetAtt" -> {
                    return "${GetAtt:" + String.join(".", list(fn.getValue()).stream().map(String::valueOf).toList())
                            + "}";
                }
                default -> {
                    return String.valueOf(value);
                }
            }
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : new ArrayList<>(List.of(value));
    }
}
