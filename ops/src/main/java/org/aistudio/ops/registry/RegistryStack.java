package org.aistudio.ops.registry;

import java.util.List;
import org.aistudio.ops.Settings;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.constructs.Construct;

/**
 * The image repository, in its own stack because an image must be pushed to it before the
 * service stack can start a task from it.
 */
public final class RegistryStack extends Stack {

    /** Enough history to roll back weeks, small enough to keep storage cheap. */
    public static final int IMAGES_KEPT = 30;

    private final Repository repository;

    public RegistryStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        this.repository = Repository.Builder.create(this, "Repository")
                .repositoryName(settings.name("frontend"))
                .imageScanOnPush(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .description("keep the last " + IMAGES_KEPT + " images")
                        .maxImageCount(IMAGES_KEPT)
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public IRepository repository() {
        return repository;
    }
}
