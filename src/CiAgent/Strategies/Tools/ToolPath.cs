using CiAgent.Security;

namespace CiAgent.Strategies.Tools;

/// <summary>A path a tool was given, resolved through the jail and checked for what the tool needs; every refusal is thrown as a <see cref="ToolRefusal"/> the model can act on.</summary>
/// <param name="Full">The full path inside the workspace.</param>
/// <param name="Relative">The path relative to the workspace root, with '/' separators.</param>
internal sealed record ToolPath(string Full, string Relative)
{
    /// <summary>True when the path is an existing file.</summary>
    public bool IsFile => File.Exists(Full);

    /// <summary>True when the path is an existing folder.</summary>
    public bool IsFolder => Directory.Exists(Full);

    /// <summary>Resolves a path the tool will only read.</summary>
    public static ToolPath ForRead(AgentToolContext context, string? path) => From(context.Jail.ResolveForRead(path));

    /// <summary>Resolves a path the tool will create or change.</summary>
    public static ToolPath ForWrite(AgentToolContext context, string? path) => From(context.Jail.ResolveForWrite(path));

    /// <summary>Refuses the path unless it is an existing file, saying what to do in each case.</summary>
    public ToolPath RequireFile(Func<string, string> whenFolder, Func<string, string> whenMissing) =>
        IsFile ? this : throw new ToolRefusal(IsFolder ? whenFolder(Relative) : whenMissing(Relative));

    /// <summary>Refuses the path unless it is an existing folder, saying what to do in each case.</summary>
    public ToolPath RequireFolder(Func<string, string> whenFile, Func<string, string> whenMissing) =>
        IsFolder ? this : throw new ToolRefusal(IsFile ? whenFile(Relative) : whenMissing(Relative));

    /// <summary>Refuses the path when it is an existing folder.</summary>
    public ToolPath RefuseFolder(Func<string, string> whenFolder) =>
        IsFolder ? throw new ToolRefusal(whenFolder(Relative)) : this;

    /// <summary>Refuses an existing file that is binary, which no tool shows or edits as text.</summary>
    public ToolPath RequireText(Func<string, string> whenBinary) =>
        IsFile && WorkspaceFiles.LooksBinary(Full) ? throw new ToolRefusal(whenBinary(Relative)) : this;

    private static ToolPath From(PathResolution resolution) =>
        resolution.IsAllowed ? new ToolPath(resolution.FullPath!, resolution.RelativePath!) : throw new ToolRefusal(resolution.Refusal!);
}
