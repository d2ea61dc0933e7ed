namespace CiAgent.Workspace;

/// <summary>Thrown when a git command fails; carries the command line, git's own words and, where it is clear, what to do next.</summary>
public sealed class GitException : Exception
{
    /// <summary>Creates the exception for a git command that failed with the given exit code and standard error.</summary>
    public GitException(string command, int exitCode, string standardError)
        : base(Describe(command, exitCode, standardError))
    {
        CommandLine = command;
        ExitCode = exitCode;
        StandardError = standardError;
        Advice = AdviseOn(standardError);
    }

    /// <summary>The git command line that failed, as it could be typed into a shell.</summary>
    public string CommandLine { get; }

    /// <summary>The exit code git returned; -1 when it was killed at its timeout.</summary>
    public int ExitCode { get; }

    /// <summary>What git wrote to standard error.</summary>
    public string StandardError { get; }

    /// <summary>What the user should do next, when git's error makes that obvious; otherwise null.</summary>
    public string? Advice { get; }

    private static string Describe(string command, int exitCode, string standardError)
    {
        var message = $"'{command}' failed with exit code {exitCode}: {standardError.Trim()}";
        return AdviseOn(standardError) is { } advice ? $"{message}{Environment.NewLine}{advice}" : message;
    }

    /// <summary>Maps git's well-known failure texts to the step that fixes them.</summary>
    internal static string? AdviseOn(string standardError)
    {
        if (standardError.Contains("index.lock", StringComparison.Ordinal) && standardError.Contains("File exists", StringComparison.Ordinal))
        {
            return "Another git process seems to be running in this repository. If none is (a crashed job can leave the lock behind), "
                + "delete the index.lock file named above and run again.";
        }

        if (standardError.Contains("Please tell me who you are", StringComparison.Ordinal)
            || standardError.Contains("empty ident name", StringComparison.Ordinal)
            || standardError.Contains("unable to auto-detect email address", StringComparison.Ordinal))
        {
            return "No commit identity is configured. Set one with 'git config user.name \"...\"' and 'git config user.email \"...\"', "
                + "or let ciagent supply its own before committing.";
        }

        if (standardError.Contains("dubious ownership", StringComparison.Ordinal))
        {
            return "The repository belongs to another user than the one running ciagent (common in containers). "
                + "Trust it with 'git config --global --add safe.directory <path>' using the path named above.";
        }

        if (standardError.Contains("gpg failed to sign", StringComparison.Ordinal)
            || standardError.Contains("failed to write commit object", StringComparison.Ordinal) && standardError.Contains("sign", StringComparison.OrdinalIgnoreCase))
        {
            return "Commit signing is switched on but no signing key is usable here. Provide the key to the CI job, "
                + "or set 'git config commit.gpgsign false' for this repository.";
        }

        if (standardError.Contains("terminal prompts disabled", StringComparison.Ordinal)
            || standardError.Contains("could not read Username", StringComparison.Ordinal))
        {
            return "The remote asked for credentials and prompts are off in CI. Give the job a token (a credential helper, "
                + "or the checkout action's persisted credentials).";
        }

        return null;
    }
}
