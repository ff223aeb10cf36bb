package org.aistudio.core.provider.azure;

/** How Azure OpenAI URLs name the model. */
public enum AzureUrlStyle {
    /**
     * {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={version}}: the
     * request's model id is the deployment name.
     */
    DEPLOYMENT,
    /** {@code {endpoint}/openai/v1/chat/completions}: the model (deployment) name travels in the body. */
    V1
}
