package org.aistudio.core.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class SensitiveKeyTest {

    @ParameterizedTest(name = "{0} is sensitive")
    @CsvSource(delimiter = '|', textBlock = """
        apiKey                       | camelCase
        api_key                      | snake_case
        API-KEY                      | upper case, dash
        ApiKey                       | PascalCase
        APIKey                       | acronym before a hump
        apikey                       | run together
        x-api-key                    | header
        x-goog-api-key               | Gemini header
        OPENAI_API_KEY               | environment variable
        ocp-apim-subscription-key    | Azure gateway header
        password                     | plain
        Password                     | capitalised
        passwd                       | Unix spelling
        db_pwd                       | abbreviation after a qualifier
        passphrase                   | key passphrase
        DATASOURCES_DEFAULT_PASSWORD | environment variable
        spring.datasource.password   | dotted property
        password_confirmation        | value word after the head
        token                        | plain
        access_token                 | OAuth
        refresh_token                | OAuth
        id_token                     | OpenID Connect
        idToken                      | camelCase
        accesstoken                  | run together
        X-Auth-Token                 | header
        csrftoken                    | cookie name
        admin_token                  | admin is not a count
        secret                       | plain
        client_secret                | OAuth
        clientSecret                 | camelCase
        AISTUDIO_JWT_SECRET          | environment variable
        SecretString                 | AWS Secrets Manager value
        aws_secret_access_key        | AWS credentials file
        SecretAccessKey              | AWS SDK field
        authorization                | header
        Proxy-Authorization          | header
        cookie                       | header
        Set-Cookie                   | header
        credential                   | singular
        credentials                  | plural
        private_key                  | service account
        privateKey                   | camelCase
        email                        | contact data
        user_email                   | qualified
        emailAddress                 | two words
        phone                        | contact data
        phone_number                 | two words
        phoneNumber                  | camelCase
        mobile                       | contact data
        mobile_number                | two words
        """)
    void sensitive_keys_are_recognised_across_case_and_separators(String key, String why) {
        assertThat(SensitiveKeys.isSensitive(key)).as(why).isTrue();
    }

    @ParameterizedTest(name = "{0} is not sensitive")
    @CsvSource(delimiter = '|', textBlock = """
        tokens                      | a count of model tokens
        tokenCount                  | a count
        token_count                 | a count
        inputTokens                 | usage report
        outputTokens                | usage report
        maxTokens                   | request limit
        max_tokens                  | request limit
        max_token                   | request limit, singular
        maxOutputTokens             | Gemini request limit
        completion_tokens           | usage report
        tokenizer                   | a component name
        token_type                  | says Bearer, holds nothing
        token_uri                   | an endpoint
        expires_in                  | a duration
        secretary                   | a look-alike word
        secret_name                 | names a secret, does not hold it
        AISTUDIO_PROVIDER_SECRET_ID | names a secret, does not hold it
        api_key_id                  | an identifier
        private_key_id              | an identifier
        emailVerified               | a boolean flag is not an address
        email_verified              | a boolean flag is not an address
        hasPassword                 | a flag
        isMobile                    | a flag
        passwordPolicy              | rules, not a password
        phoneticName                | a look-alike word
        microphone                  | ends in phone, is a device
        automobile                  | ends in mobile, is a car
        PWD                         | the shell's working directory
        key                         | the model catalogue key
        modelKey                    | the model catalogue key
        authorizationUrl            | an endpoint
        credentialsProvider         | a component name
        keepAlive                   | no secret word at all
        requestId                   | no secret word at all
        """)
    void near_misses_are_not_sensitive(String key, String why) {
        assertThat(SensitiveKeys.isSensitive(key)).as(why).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missing_keys_are_not_sensitive(String key) {
        assertThat(SensitiveKeys.isSensitive(key)).isFalse();
    }
}
