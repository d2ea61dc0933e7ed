using System.Text.Json;
using CiAgent.Security;

namespace CiAgent.Tests.Security;

public sealed class SecretFileFilterTests
{
    [Fact]
    public void Appsettings_secrets_are_masked_and_the_layout_is_kept()
    {
        using var workspace = new TinyWorkspace();
        var original = workspace.Read("src/App/appsettings.Development.json");

        var filtered = SecretFileFilter.Filter("src/App/appsettings.Development.json", original);

        Assert.DoesNotContain(TinyWorkspace.ConnectionPassword, filtered);
        Assert.DoesNotContain(TinyWorkspace.ApiKey, filtered);
        Assert.Contains("\"Default\": \"***\"", filtered);
        Assert.Contains("\"ApiKey\": \"***\"", filtered);
        Assert.Contains("\"Endpoint\": \"https://pay.example\"", filtered);
        Assert.Contains("\"Default\": \"Information\"", filtered);
        Assert.Equal(original.Split('\n').Length, filtered.Split('\n').Length);
        using var _ = JsonDocument.Parse(filtered);
    }

    [Fact]
    public void Values_that_look_like_credentials_are_masked_whatever_their_key()
    {
        const string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        var json = $$"""{ "Upstream": "{{jwt}}", "Db": "Host=x;Username=u;Pwd=abc123", "Note": "Password policy is strict", "Port": 5432, "Pin": 1234 }""";

        var filtered = SecretFileFilter.RedactJson(json);

        Assert.Equal("""{ "Upstream": "***", "Db": "***", "Note": "Password policy is strict", "Port": 5432, "Pin": 1234 }""", filtered);
    }

    [Fact]
    public void Everything_under_a_secret_named_key_is_masked_including_numbers_and_arrays()
    {
        var json = """{ "Secrets": { "Keys": ["a-key-1", "a-key-2"], "Count": 2 }, "TokenLifetime": 3600, "Tokens": [] }""";

        var filtered = SecretFileFilter.RedactJson(json);

        Assert.Equal("""{ "Secrets": { "Keys": ["***", "***"], "Count": "***" }, "TokenLifetime": "***", "Tokens": [] }""", filtered);
    }

    [Fact]
    public void A_settings_file_that_does_not_parse_is_still_masked()
    {
        var json = "{ // half edited\n  \"ApiKey\": \"abcdef123456\",\n  \"Name\": \"app\"\n";

        var filtered = SecretFileFilter.RedactJson(json);

        Assert.Contains("\"ApiKey\": \"***\"", filtered);
        Assert.Contains("\"Name\": \"app\"", filtered);
    }

    [Fact]
    public void Only_appsettings_files_are_filtered()
    {
        const string code = "var password = \"in code\";";

        Assert.Equal(code, SecretFileFilter.Filter("src/App/Program.cs", code));
        Assert.True(SecretFileFilter.IsRedacted("appsettings.json"));
        Assert.True(SecretFileFilter.IsRedacted("src/Web/appsettings.Production.json"));
        Assert.False(SecretFileFilter.IsRedacted("src/Web/launchSettings.json"));
    }
}
