using CiAgent.Kernel;

namespace CiAgent.Workspace;

/// <summary>Finds the solution or project a run builds.</summary>
public static class TargetResolver
{
    private static readonly string[] SolutionExtensions = [".sln", ".slnx"];
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj", ".proj"];

    /// <summary>Resolves the explicit target, or the single solution (else the single project) at the workspace root.</summary>
    /// <exception cref="UsageException">The target does not exist, or there is none or more than one to choose from.</exception>
    public static string Resolve(string workspace, string? target)
    {
        if (target is not null)
        {
            var path = Path.GetFullPath(Path.Combine(workspace, target));
            if (File.Exists(path) && IsBuildable(path))
            {
                return path;
            }

            if (Directory.Exists(path))
            {
                return Single(path, $"--target {target}");
            }

            throw new UsageException($"--target '{target}' is not a solution or project file under {workspace}.");
        }

        return Single(workspace, "the workspace root");
    }

    private static string Single(string directory, string where)
    {
        var files = Directory.EnumerateFiles(directory).Where(IsBuildable).Order(StringComparer.Ordinal).ToList();
        var solutions = files.Where(f => SolutionExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).ToList();
        // Name.sln beside Name.slnx is the usual state of a migration to .slnx: the new format is the one kept up to date.
        if (solutions.Count == 2 && solutions.Select(Path.GetFileNameWithoutExtension).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            solutions = [.. solutions.Where(s => Path.GetExtension(s).Equals(".slnx", StringComparison.OrdinalIgnoreCase))];
        }

        var candidates = solutions.Count > 0 ? solutions : files;
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new UsageException($"No solution or project file in {where} ({directory}); pass --target PATH."),
            _ => throw new UsageException(
                $"Several solutions or projects in {where}: {string.Join(", ", candidates.Select(Path.GetFileName))}; pass --target to choose one."),
        };
    }

    /// <summary>The one line to log when the target is a .slnx chosen over the .sln of the same name beside it; else null.</summary>
    public static string? Preference(string target) =>
        Path.GetExtension(target).Equals(".slnx", StringComparison.OrdinalIgnoreCase) && File.Exists(Path.ChangeExtension(target, ".sln"))
            ? $"Both {Path.GetFileNameWithoutExtension(target)}.sln and {Path.GetFileName(target)} are here; building {Path.GetFileName(target)}, the newer format."
            : null;

    private static bool IsBuildable(string path)
    {
        var extension = Path.GetExtension(path);
        return SolutionExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase) || ProjectExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
    }
}
