package org.aistudio.core.provider.bedrock.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.aistudio.core.provider.ErrorKind;
import org.aistudio.core.provider.ProviderException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The one place where Bedrock failures become {@link ProviderException}s. Bedrock's modelled
 * exceptions are classified by type, because the same types also arrive inside the event stream
 * of a 200 response; any other service error falls back to its HTTP status through
 * {@link ProviderException#fromStatus}.
 */
public final class BedrockErrors {

    /** Error codes of a request whose signature or credentials were refused (HTTP 403 on AWS). */
    private static final Set<String> AUTHENTICATION_CODES = Set.of("UnrecognizedClientException",
            "InvalidSignatureException", "ExpiredTokenException", "MissingAuthenticationTokenException",
            "IncompleteSignatureException", "InvalidClientTokenId");
    private static final int MAX_MESSAGE = 500;

    private final String provider;

    public BedrockErrors(String provider) {
        this.provider = provider;
    }

    /**
     * The stream ended without {@code messageStop}: incomplete after a delta; before one, a
     * connection that was cut (the SDK cannot tell the two apart), retriable.
     */
    public ProviderException incomplete(boolean answered) {
        if (!answered) {
            return new ProviderException(provider, ErrorKind.NETWORK,
                    "Bedrock's stream ended before any answer or messageStop");
        }
        return new ProviderException(provider, ErrorKind.INCOMPLETE, "Bedrock's stream ended before messageStop");
    }

    /**
     * Classifies what the SDK reported.
     *
     * @param answered whether text or reasoning had already been delivered
     */
    public ProviderException fromThrowable(Throwable thrown, boolean answered) {
        Throwable t = unwrap(thrown);
        if (t instanceof ProviderException p) {
            return p;
        }
        if (t instanceof AwsServiceException service) {
            return fromService(service);
        }
        if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
            return failure(ErrorKind.TIMEOUT, "Bedrock did not answer in time", t);
        }
        if (isMalformed(t)) {
            return failure(ErrorKind.MALFORMED_RESPONSE, "Bedrock sent an event stream frame that cannot be read: "
                    + describe(rootCause(t)), t);
        }
        if (hasCause(t, IOException.class)) {
            ErrorKind kind = answered ? ErrorKind.INCOMPLETE : ErrorKind.NETWORK;
            return failure(kind, "the connection to Bedrock failed" + (answered ? " mid-stream" : "") + ": "
                    + describe(rootCause(t)), t);
        }
        return failure(ErrorKind.UNKNOWN, "Bedrock call failed: " + describe(t), t);
    }

    private ProviderException fromService(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        String message = truncate((code == null ? e.getClass().getSimpleName() : code)
                + (detail == null || detail.isBlank() ? "" : ": " + detail));
        ErrorKind kind = kindOf(e, code);
        if (kind == null) {
            return ProviderException.fromStatus(provider, e.statusCode(), retryAfter(e), message);
        }
        int status = e.statusCode();
        String text = provider + (status > 0 && status != 200 ? " answered HTTP " + status + ": " : " failed: ") + message;
        return new ProviderException(provider, kind, status, retryAfter(e), text, e);
    }

    private static ErrorKind kindOf(AwsServiceException e, String code) {
        if (e instanceof ThrottlingException || e instanceof ServiceQuotaExceededException) {
            return ErrorKind.RATE_LIMITED;
        }
        if (e instanceof ModelNotReadyException || e instanceof ServiceUnavailableException
                || e instanceof InternalServerException || e instanceof ModelStreamErrorException
                || e instanceof ModelErrorException) {
            return ErrorKind.UNAVAILABLE;
        }
        if (e instanceof ModelTimeoutException) {
            return ErrorKind.TIMEOUT;
        }
        if (e instanceof ValidationException) {
            return ErrorKind.BAD_REQUEST;
        }
        if (e instanceof AccessDeniedException) {
            return ErrorKind.PERMISSION;
        }
        if (e instanceof ResourceNotFoundException) {
            return ErrorKind.NOT_FOUND;
        }
        if (code != null && AUTHENTICATION_CODES.contains(code)) {
            return ErrorKind.AUTHENTICATION;
        }
        return null;
    }

    private static Duration retryAfter(AwsServiceException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
            return null;
        }
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
                .map(String::strip)
                .filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(null);
    }

    /** Frame checksum and prelude errors of the event stream decoder, or JSON that does not parse. */
    private static boolean isMalformed(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getName();
            if (c instanceof IllegalArgumentException || c instanceof IllegalStateException
                    || name.endsWith("JsonParseException") || name.endsWith("JsonProcessingException")) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private ProviderException failure(ErrorKind kind, String message, Throwable cause) {
        return new ProviderException(provider, kind, 0, null, message, cause);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        // The SDK wraps service errors it meets while streaming; the modelled one is what counts.
        for (Throwable c = current; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof AwsServiceException || c instanceof CancellationException) {
                return c;
            }
        }
        return current;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return truncate(t.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")"));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }
}
