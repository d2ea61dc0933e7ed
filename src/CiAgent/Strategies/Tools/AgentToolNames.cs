namespace CiAgent.Strategies.Tools;

/// <summary>The names the model calls the agent tools by.</summary>
public static class AgentToolNames
{
    /// <summary>Reads numbered lines of a file.</summary>
    public const string ReadFile = "read_file";

    /// <summary>Lists a folder.</summary>
    public const string ListFiles = "list_files";

    /// <summary>Searches file contents with a regular expression.</summary>
    public const string SearchCode = "search_code";

    /// <summary>Finds C# declarations by name.</summary>
    public const string FindSymbol = "find_symbol";

    /// <summary>Replaces one exact piece of text in a file.</summary>
    public const string ReplaceInFile = "replace_in_file";

    /// <summary>Creates or overwrites a file.</summary>
    public const string WriteFile = "write_file";

    /// <summary>Builds the target.</summary>
    public const string RunBuild = "run_build";

    /// <summary>Runs the tests.</summary>
    public const string RunTests = "run_tests";

    /// <summary>Ends the session with a summary.</summary>
    public const string Finish = "finish";
}
