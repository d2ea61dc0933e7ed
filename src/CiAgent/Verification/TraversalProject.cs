using System.Security;

namespace CiAgent.Verification;

/// <summary>A throwaway MSBuild project outside the workspace that builds several projects in one invocation (dotnet build takes only one).</summary>
internal sealed class TraversalProject : IDisposable
{
    private readonly string _directory;

    private TraversalProject(string directory, string path)
    {
        _directory = directory;
        Path = path;
    }

    /// <summary>Full path of the project file.</summary>
    public string Path { get; }

    /// <summary>Writes a project whose Build target builds the given projects, in parallel where MSBuild can.</summary>
    public static TraversalProject Write(IReadOnlyList<string> projects)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ciagent-scope-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var items = string.Concat(projects.Select(p => $"    <ScopedProject Include=\"{SecurityElement.Escape(EscapeItem(p))}\" />\n"));
        var path = System.IO.Path.Combine(directory, "scope.proj");
        File.WriteAllText(path, $"""
            <Project>
              <ItemGroup>
            {items}  </ItemGroup>
              <Target Name="Build">
                <MSBuild Projects="@(ScopedProject)" Targets="Build" BuildInParallel="true" />
              </Target>
            </Project>
            """);
        return new TraversalProject(directory, path);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file left in the temp folder is harmless; it never lies in the workspace.
        }
    }

    // MSBuild reads these characters in an item's Include as syntax (lists, properties, items, wildcards) unless escaped.
    private static string EscapeItem(string path) =>
        string.Concat(path.Select(c => c is '%' or ';' or '$' or '@' or '\'' or '*' or '?' ? $"%{(int)c:X2}" : c.ToString()));
}
