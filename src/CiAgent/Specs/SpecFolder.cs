namespace CiAgent.Specs;

/// <summary>How each folder format is recognised and which of its files are read, main file first.</summary>
internal static class SpecFolder
{
    // Detected by their main file alone, not by where the folder sits, so a spec copied elsewhere still reads.
    // Kiro and OpenSpec first: their folders may also carry a stray spec.md, while Spec Kit's never has requirements.md or proposal.md.
    private static readonly (SpecFormat Format, string MainFile, string[] Others)[] Layouts =
    [
        (SpecFormat.Kiro, "requirements.md", ["design.md", "tasks.md"]),
        (SpecFormat.OpenSpec, "proposal.md", ["design.md", "tasks.md"]),
        (SpecFormat.SpecKit, "spec.md", ["plan.md", "data-model.md", "research.md", "quickstart.md", "tasks.md"]),
    ];

    public static SpecFormat? Detect(string folder) =>
        Layouts.FirstOrDefault(layout => File.Exists(Path.Combine(folder, layout.MainFile))) is { MainFile: not null } found ? found.Format : null;

    public static string MainFile(SpecFormat format) => Layouts.Single(layout => layout.Format == format).MainFile;

    public static bool IsMainFile(SpecFormat format, string fileName) => string.Equals(MainFile(format), fileName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The files that make up the spec, in the order the planner should read them.</summary>
    public static IEnumerable<string> Files(SpecFormat format, string folder)
    {
        var layout = Layouts.Single(candidate => candidate.Format == format);
        yield return Path.Combine(folder, layout.MainFile);
        foreach (var other in layout.Others.Select(name => Path.Combine(folder, name)).Where(File.Exists))
        {
            yield return other;
        }

        if (format == SpecFormat.OpenSpec)
        {
            foreach (var delta in OpenSpecDeltas(folder))
            {
                yield return delta;
            }
        }
    }

    /// <summary>The spec deltas of an OpenSpec change, specs/**/spec.md, sorted by path so criteria come in a stable order.</summary>
    public static IEnumerable<string> OpenSpecDeltas(string changeFolder)
    {
        var specs = Path.Combine(changeFolder, "specs");
        return Directory.Exists(specs)
            ? Directory.EnumerateFiles(specs, "spec.md", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
            : [];
    }
}
