namespace CiAgent.Cli;

/// <summary>Reads environment variables, treating empty values as unset the way CI systems leave them.</summary>
internal sealed class EnvironmentReader
{
    public string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
