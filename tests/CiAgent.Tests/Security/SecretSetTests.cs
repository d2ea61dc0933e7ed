using System.Text.Json;
using CiAgent.Security;

namespace CiAgent.Tests.Security;

public sealed class SecretSetTests
{
    [Theory]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("NUGET_API_KEY")]
    [InlineData("AZURE_DEVOPS_EXT_PAT")]
    [InlineData("PAT")]
    [InlineData("PAT_FOR_PACKAGES")]
    [InlineData("azurePat")]
    [InlineData("DB_PASSWORD")]
    [InlineData("SMTP_PASSWD")]
    [InlineData("DBPWD")]
    [InlineData("ConnectionStrings__Default")]
    [InlineData("GOOGLE_CREDENTIALS")]
    [InlineData("HTTP_AUTHORIZATION")]
    [InlineData("SIGNING_CERT")]
    [InlineData("SSH_PRIVATE")]
    [InlineData("client_secret")]
    public void A_name_with_a_secret_word_looks_secret(string name) => Assert.True(SecretName.LooksSecret(name));

    [Theory]
    [InlineData("PATH")]
    [InlineData("PATHEXT")]
    [InlineData("GIT_PATCH_DIR")]
    [InlineData("DOTNET_ROOT")]
    [InlineData("PWD")]
    [InlineData("OLDPWD")]
    [InlineData("GIT_AUTHOR_EMAIL")]
    [InlineData("KEYCHAIN_LOCATION")]
    [InlineData("SSL_CERT_FILE")]
    [InlineData("SSH_AUTH_SOCK")]
    [InlineData("GITHUB_TOKEN_FILE")]
    [InlineData("HOME")]
    [InlineData("GIT_CONFIG_KEY_0")]
    public void A_well_known_public_name_does_not_look_secret(string name) => Assert.False(SecretName.LooksSecret(name));

    [Fact]
    public void PAT_counts_only_as_a_segment_of_its_own_so_PATH_stays_visible()
    {
        var secrets = SecretSet.FromEnvironment(Env(("AZURE_DEVOPS_PAT", "pat-value-123456"), ("PATH", "/usr/local/bin:/usr/bin")));

        Assert.Equal(["pat-value-123456"], secrets.Values);
    }

    [Fact]
    public void Short_boolean_and_numeric_values_are_ignored()
    {
        var secrets = SecretSet.FromEnvironment(Env(
            ("API_TOKEN", "abc12"),
            ("USE_AUTH", "false"),
            ("AUTH_ENABLED", "True   "),
            ("KEY_PORT", "5432109"),
            ("CERT_SERIAL", "1.024.768"),
            ("EMPTY_SECRET", null),
            ("REAL_SECRET", "s3cr3t-value")));

        Assert.Equal(["s3cr3t-value"], secrets.Values);
        Assert.Equal("short abc12 stays, false stays, 5432109 stays", secrets.Redact("short abc12 stays, false stays, 5432109 stays"));
    }

    [Fact]
    public void Every_occurrence_of_a_secret_is_masked()
    {
        var secrets = SecretSet.FromValues(["ghp_SuperSecret42"]);

        Assert.Equal("a=*** b=*** c", secrets.Redact("a=ghp_SuperSecret42 b=ghp_SuperSecret42 c"));
    }

    [Fact]
    public void A_JSON_escaped_secret_is_redacted()
    {
        const string Secret = "pa\"ss\\word+<42>";
        var secrets = SecretSet.FromValues([Secret]);
        var defaultJson = JsonSerializer.Serialize(new { token = Secret });
        var relaxedJson = JsonSerializer.Serialize(new { token = Secret }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.Equal("{\"token\":\"***\"}", secrets.Redact(defaultJson));
        Assert.Equal("{\"token\":\"***\"}", secrets.Redact(relaxedJson));
    }

    [Fact]
    public void A_URL_encoded_secret_is_redacted()
    {
        var secrets = SecretSet.FromValues(["p@ss/w0rd+x y"]);

        Assert.Equal("?key=*** and ?key=***", secrets.Redact($"?key={Uri.EscapeDataString("p@ss/w0rd+x y")} and ?key={System.Net.WebUtility.UrlEncode("p@ss/w0rd+x y")}"));
    }

    [Fact]
    public void Overlapping_secrets_leave_no_fragment_of_either()
    {
        var secrets = SecretSet.FromValues(["abcdef123", "123xyz789"]);

        Assert.Equal("[***]", secrets.Redact("[abcdef123xyz789]"));
    }

    [Fact]
    public void A_secret_containing_another_is_masked_whole()
    {
        var secrets = SecretSet.FromValues(["token-abcdef", "token-abcdef-and-more"]);

        Assert.Equal("*** and ***", secrets.Redact("token-abcdef-and-more and token-abcdef"));
    }

    [Fact]
    public void The_password_of_a_URL_in_any_variable_is_a_secret()
    {
        var secrets = SecretSet.FromEnvironment(Env(("HTTPS_PROXY", "http://builder:pr%40xy-pass@proxy.local:3128"), ("REPO_URL", "https://github.com/acme/shop")));

        Assert.Equal(["pr@xy-pass"], secrets.Values);
        Assert.Equal("http://builder:***@proxy.local:3128", secrets.Redact("http://builder:pr%40xy-pass@proxy.local:3128"));
    }

    [Fact]
    public void A_secret_named_URL_variable_masks_both_the_whole_URL_and_its_password()
    {
        var secrets = SecretSet.FromEnvironment(Env(("DB_CONNECTIONSTRING", "postgres://app:hunter2hunter@db:5432/shop")));

        Assert.Equal(["postgres://app:hunter2hunter@db:5432/shop", "hunter2hunter"], secrets.Values);
        Assert.Equal("connecting with hunter2 and ***", secrets.Redact("connecting with hunter2 and hunter2hunter"));
    }

    [Fact]
    public void Extra_values_are_secrets_whatever_their_source()
    {
        var secrets = SecretSet.FromEnvironment(Env(), ["sk-extra-key-1"]);

        Assert.Equal("key: ***", secrets.Redact("key: sk-extra-key-1"));
    }

    [Fact]
    public void An_empty_set_returns_text_unchanged()
    {
        Assert.True(SecretSet.Empty.IsEmpty);
        Assert.Equal("nothing to hide", SecretSet.FromValues([null, "", "abc"]).Redact("nothing to hide"));
    }

    private static Dictionary<string, string?> Env(params (string Name, string? Value)[] variables) =>
        variables.ToDictionary(variable => variable.Name, variable => variable.Value);
}
