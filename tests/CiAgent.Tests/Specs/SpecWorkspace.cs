namespace CiAgent.Tests.Specs;

/// <summary>A throwaway workspace folder that spec files are written into, deleted when the test ends.</summary>
internal sealed class SpecWorkspace : IDisposable
{
    public SpecWorkspace() => Root = Directory.CreateTempSubdirectory("ciagent-specs-").FullName;

    public string Root { get; }

    /// <summary>Writes a file at a '/'-separated path under the workspace, creating its folders.</summary>
    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
