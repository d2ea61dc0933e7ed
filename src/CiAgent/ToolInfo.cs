using System.Reflection;

namespace CiAgent;

/// <summary>The tool's name and version as it names itself in commits and reports.</summary>
public static class ToolInfo
{
    /// <summary>The informational version without build metadata.</summary>
    public static string Version { get; } =
        (typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
