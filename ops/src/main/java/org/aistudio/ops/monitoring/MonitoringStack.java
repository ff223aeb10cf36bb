package org.aistudio.ops.monitoring;

import java.util.List;
import org.aistudio.ops.Settings;
import org.aistudio.ops.service.FrontendLoadBalancer;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/** Alert topics, alarms and the dashboard. No queue metrics: streaming runs in the tasks. */
public final class MonitoringStack extends Stack {

    private final Topic critical;
    private final Topic operational;

    public MonitoringStack(Construct scope, String id, StackProps props, Settings settings,
            FrontendLoadBalancer frontend) {
        super(scope, id, props);
        this.critical = topic("CriticalAlerts", settings.name("critical-alerts"), settings);
        this.operational = topic("OperationalAlerts", settings.name("operational-alerts"), settings);

        AppMetrics metrics = new AppMetrics(settings.env());
        List<Alarms.Entry> alarms = Alarms.create(this, settings, metrics, frontend);
        for (Alarms.Entry entry : alarms) {
            SnsAction action = new SnsAction(entry.severity() == Alarms.Severity.CRITICAL ? critical : operational);
            entry.alarm().addAlarmAction(action);
            entry.alarm().addOkAction(action);
        }
        StreamingDashboard.create(this, settings, metrics, frontend, alarms);
    }

    public Topic criticalTopic() {
        return critical;
    }

    public Topic operationalTopic() {
        return operational;
    }

    private Topic topic(String id, String name, Settings settings) {
        Topic topic = Topic.Builder.create(this, id)
                .topicName(name)
                .displayName(name)
                .enforceSsl(true)
                .build();
        settings.alertEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
        return topic;
    }
}
