namespace CiAgent.Workspace;

/// <summary>What a project's files say about the frameworks it builds, read as text rather than evaluated by MSBuild.</summary>
public static class ProjectFrameworks
{
    /// <summary>True when the project, or a <c>Directory.Build.props</c> above it, names <c>TargetFrameworks</c>: it may build several.</summary>
    /// <remarks>Frameworks set in another imported file are not seen; callers treat a false answer as likely, not certain.</remarks>
    public static bool MayBeSeveral(string projectPath)
    {
        if (File.ReadAllText(projectPath).Contains("<TargetFrameworks", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        for (var folder = Path.GetDirectoryName(projectPath); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var props = Path.Combine(folder, "Directory.Build.props");
            if (File.Exists(props) && File.ReadAllText(props).Contains("<TargetFrameworks", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
