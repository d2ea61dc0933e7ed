using CiAgent.Kernel;

namespace CiAgent.Specs;

/// <summary>Reads a written spec offline, from a Markdown file, a Spec Kit, OpenSpec or Kiro folder, or a GitHub issue, into acceptance criteria.</summary>
/// <remarks>
/// Criteria come from the format's own structure first; when that yields none (a half-filled template), the generic
/// Markdown rules run on the main file, and when those find nothing the title becomes the single criterion AC1, so a
/// spec that was read always has something to test against.
/// </remarks>
public static class SpecReader
{
    /// <summary>The most characters of spec text handed to the planner; more is cut with a note saying so.</summary>
    public const int MaxBodyChars = 60_000;

    private const string Expected = "pass --spec PATH (a Markdown file or a Spec Kit, OpenSpec or Kiro folder)";

    /// <summary>Reads the spec at a path relative to the workspace, detecting its format from the files there.</summary>
    public static Spec Read(string workspaceRoot, string specPath)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot));
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(root, specPath)));
        var relative = Path.GetRelativePath(root, full);
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new UsageException($"The spec '{specPath}' is outside the workspace {root}; {Expected} inside it.");
        }

        if (File.Exists(full))
        {
            // Naming a folder format's main file (specs/001-x/spec.md) means the whole folder: plan and tasks belong to it.
            // Not at the workspace root, where a spec.md is a plain file and a tasks.md beside it is someone else's list.
            var folder = Path.GetDirectoryName(full)!;
            return folder != root && SpecFolder.Detect(folder) is { } format && SpecFolder.IsMainFile(format, Path.GetFileName(full))
                ? ReadFolder(root, folder, format)
                : ReadMarkdownFile(root, full);
        }

        if (!Directory.Exists(full))
        {
            throw new UsageException($"The spec '{specPath}' does not exist under {root}; {Expected}.");
        }

        var detected = SpecFolder.Detect(full)
            ?? throw new UsageException(
                $"The folder '{specPath}' is not a spec folder: it has no spec.md (Spec Kit), proposal.md (OpenSpec) or requirements.md (Kiro); {Expected}.");
        return ReadFolder(root, full, detected);
    }

    /// <summary>Reads the issue of a GitHub event payload (the file at GITHUB_EVENT_PATH) as a spec: its title and body.</summary>
    public static Spec FromIssue(string eventPayloadJson) => IssueSpec.Read(eventPayloadJson);

    private static Spec ReadMarkdownFile(string root, string file)
    {
        var text = File.ReadAllText(file);
        var outline = MarkdownOutline.Parse(text);
        var title = outline.FirstTitle ?? Path.GetFileNameWithoutExtension(file);
        var body = new SpecBody(MaxBodyChars);
        body.Add(WorkspaceRelative.Of(file, root), text);
        return Assemble(WorkspaceRelative.Of(file, root), SpecFormat.Markdown, title, GenericCriteria.Read(outline), body);
    }

    private static Spec ReadFolder(string root, string folder, SpecFormat format)
    {
        var body = new SpecBody(MaxBodyChars);
        foreach (var file in SpecFolder.Files(format, folder))
        {
            body.Add(WorkspaceRelative.Of(file, root), File.ReadAllText(file));
        }

        var main = MarkdownOutline.Parse(File.ReadAllText(Path.Combine(folder, SpecFolder.MainFile(format))));
        var folderName = Path.GetFileName(folder);
        var (title, criteria) = format switch
        {
            SpecFormat.SpecKit => (SpecKitCriteria.FeatureName(main.FirstTitle) ?? main.FirstTitle ?? folderName, SpecKitCriteria.Read(main)),
            SpecFormat.Kiro => (KiroCriteria.Title(main.FirstTitle) ?? folderName, KiroCriteria.Read(main)),
            _ => (OpenSpecCriteria.Title(main.FirstTitle) ?? folderName, ReadOpenSpecDeltas(folder)),
        };

        if (criteria.Count == 0)
        {
            criteria = GenericCriteria.Read(main);
        }

        return Assemble(WorkspaceRelative.Of(folder, root), format, title, criteria, body);
    }

    private static IReadOnlyList<AcceptanceCriterion> ReadOpenSpecDeltas(string changeFolder)
    {
        var criteria = new CriteriaList();
        foreach (var delta in SpecFolder.OpenSpecDeltas(changeFolder))
        {
            OpenSpecCriteria.Read(MarkdownOutline.Parse(File.ReadAllText(delta)), criteria);
        }

        return criteria.Items;
    }

    /// <summary>Puts a spec together, giving it the title as AC1 when no rule found a criterion.</summary>
    internal static Spec Assemble(string path, SpecFormat format, string title, IReadOnlyList<AcceptanceCriterion> criteria, SpecBody body)
    {
        title = TextShape.OneLine(title);
        var found = criteria.Count > 0 ? criteria : [new AcceptanceCriterion("AC1", title)];
        return new Spec(path, format, title, found, body.ToString(), body.Files);
    }
}
