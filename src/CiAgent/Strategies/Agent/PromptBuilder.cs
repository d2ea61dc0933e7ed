using System.Text;
using System.Text.RegularExpressions;
using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Strategies.Agent;

/// <summary>The first message, built by the harness: each failure with the code around it and the declarations it names, then the layout, inside a token budget.</summary>
/// <param name="catalog">The workspace's sources.</param>
/// <param name="tokenBudget">The most the message may cost, in estimated tokens.</param>
/// <param name="called">What each failing test calls, bound by the compiler; failing tests it lacks get the members their names suggest.</param>
public sealed partial class PromptBuilder(SourceCatalog catalog, int tokenBudget, FailureCallGraph? called = null)
{
    private const int NoteRoom = 240;
    private const string Closing = "Investigate with the tools, make the smallest correct change, check it with run_build and run_tests, then call finish with a one-paragraph summary.";

    /// <summary>A rough token count (four characters a token), good enough to stay inside a budget.</summary>
    public static int EstimateTokens(string text) => (text.Length + 3) / 4;

    /// <summary>Builds the first user message for the given broken state.</summary>
    public string Build(string target, BuildResult build, TestRunResult? tests, IReadOnlyCollection<string> flaky)
    {
        var sections = new List<string>();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var header = build.Succeeded
            ? $"The build of {target} succeeds but tests fail. Make the failing tests pass by fixing the code under test."
            : $"The build of {target} fails. Make it build{(tests is null ? "" : " and keep the tests passing")}.";
        sections.Add(header);

        foreach (var error in build.Errors.Take(12))
        {
            var section = new StringBuilder($"## {FailureText.Relative(error, catalog.Root)}\n");
            AppendCode(section, error.File, error.Line, shown);
            var onLine = error.File is null ? [] : catalog.NamesOnLine(error.File, error.Line);
            AppendDeclarations(section, QuotedNames(error.Message).Concat(onLine.Where(n => n.StartsWith('_') || char.IsUpper(n[0]))), declared);
            sections.Add(section.ToString());
        }

        var failures = tests?.Failures.Where(f => !flaky.Contains(f.FullName)).Take(8).ToList() ?? [];
        var layout = Layout();
        // Each failing test gets an equal share of what the header, layout and closing leave: one test's bound code cannot crowd out the others.
        var share = ((tokenBudget * 4) - header.Length - layout.Length - Closing.Length - 200) / Math.Max(1, failures.Count);
        foreach (var failure in failures)
        {
            var section = new StringBuilder($"## Failing test {failure.FullName}\n");
            if (!string.IsNullOrWhiteSpace(failure.Message))
            {
                section.Append("```\n").Append(TextShape.Cap(failure.Message.Trim(), 1200)).Append("\n```\n");
            }

            foreach (var location in failure.Locations.Take(3))
            {
                AppendCode(section, location.File, location.Line, shown);
            }

            if (called?.For(failure) is { Count: > 0 } members)
            {
                AppendCalledCode(section, members, shown, share);
            }
            else
            {
                // Unbound (the project could not be loaded): a wrong value leaves no frame behind, so show the short members whose names the test uses.
                if (failure.Locations.FirstOrDefault() is { } test)
                {
                    AppendCodeUnderTest(section, catalog.NamesUsedAround(test.File, test.Line), test.File, shown);
                }

                AppendDeclarations(section, FrameMembers(failure.StackTrace), declared);
            }

            sections.Add(section.ToString());
        }

        if (tests?.FailureKind is TestRunFailureKind.HostCrashed or TestRunFailureKind.HangTimeout)
        {
            sections.Add($"## The test run failed: {tests.FailureKind} while running {tests.RunningTest ?? "an unknown test"}.\n");
        }

        sections.Add(layout);
        sections.Add(Closing);
        return Fit(sections);
    }

    private void AppendCode(StringBuilder section, string? file, int line, HashSet<string> shown)
    {
        if (file is null || line <= 0 || catalog.EnclosingMember(file, line) is not { } excerpt)
        {
            return;
        }

        var key = $"{excerpt.File}:{excerpt.StartLine}";
        if (!shown.Add(key))
        {
            section.Append($"(code at {excerpt.File}:{line} is shown above)\n");
            return;
        }

        section.Append($"{excerpt.File} lines {excerpt.StartLine}-{excerpt.EndLine}:\n```csharp\n{excerpt.Text}\n```\n");
    }

    // The members the compiler bound, most relevant first, while the test's share lasts; the rest are named so the model can read them.
    private void AppendCalledCode(StringBuilder section, IReadOnlyList<CalledMember> members, HashSet<string> shown, int share)
    {
        var left = new List<CalledMember>();
        var heading = false;
        foreach (var member in members)
        {
            // A primary constructor's code is its whole type: its header and first members say enough.
            var excerpt = catalog.EnclosingMember(member.File, member.Line, maxLines: member.InTypeHeader ? 12 : member.Depth == 0 ? 60 : 40);
            if (excerpt is null || shown.Contains($"{excerpt.File}:{excerpt.StartLine}"))
            {
                continue;
            }

            var how = member.Depth switch { 0 => "where it failed", 1 => "called directly", var depth => $"{depth - 1} call{(depth == 2 ? "" : "s")} deeper" };
            var text = $"{member.Name} ({how}), {excerpt.File} lines {excerpt.StartLine}-{excerpt.EndLine}:\n```csharp\n{excerpt.Text}\n```\n";
            // Room is kept for the line that names what did not fit.
            if (section.Length + text.Length + NoteRoom > share)
            {
                left.Add(member);
                continue;
            }

            if (!heading)
            {
                section.Append("Code the test reaches, as the compiler binds it:\n");
                heading = true;
            }

            shown.Add($"{excerpt.File}:{excerpt.StartLine}");
            section.Append(text);
        }

        var names = left.Select(m => $"{m.Name} ({WorkspaceRelative.Of(m.File, catalog.Root)}:{m.Line})").ToList();
        if (names.Count > 0 && share - section.Length >= NoteRoom)
        {
            section.Append(TextShape.Cap($"Also reached, not shown: {string.Join(", ", names)}.", NoteRoom - 40)).Append('\n');
        }
    }

    private void AppendCodeUnderTest(StringBuilder section, IReadOnlyList<string> names, string testFile, HashSet<string> shown)
    {
        var testFolder = Path.GetDirectoryName(WorkspaceRelative.Of(testFile, catalog.Root)) ?? "";
        var excerpts = names
            .Where(name => !name.StartsWith("Assert", StringComparison.Ordinal) && name is not ("Equal" or "True" or "False" or "Contains"))
            .SelectMany(name => catalog.FindDeclarations(name, max: 3))
            .Where(d => testFolder.Length == 0 || !d.File.StartsWith(testFolder, StringComparison.Ordinal))
            .Select(d => catalog.EnclosingMember(d.File, d.Line, maxLines: 25))
            .OfType<CodeExcerpt>()
            .Where(e => e.EndLine - e.StartLine < 25 && shown.Add($"{e.File}:{e.StartLine}"))
            .Take(6)
            .ToList();
        if (excerpts.Count > 0)
        {
            section.Append("Code the test calls:\n");
            foreach (var excerpt in excerpts)
            {
                section.Append($"{excerpt.File} lines {excerpt.StartLine}-{excerpt.EndLine}:\n```csharp\n{excerpt.Text}\n```\n");
            }
        }
    }

    private void AppendDeclarations(StringBuilder section, IEnumerable<string> names, HashSet<string> declared)
    {
        var lines = names.Where(declared.Add)
            .SelectMany(name => catalog.FindDeclarations(name, max: 4))
            .Take(8)
            .Select(d => $"- {d.File}:{d.Line}: {TextShape.Cap(d.Signature, 200)}")
            .ToList();
        if (lines.Count > 0)
        {
            section.Append("Declarations:\n").AppendJoin('\n', lines).Append('\n');
        }
    }

    /// <summary>The context a spec's planner gets: the project layout, then the declarations of the names the spec mentions, within the token budget.</summary>
    public string ForNames(IEnumerable<string> names)
    {
        var text = new StringBuilder(Layout());
        var declarations = new StringBuilder();
        AppendDeclarations(declarations, names, new HashSet<string>(StringComparer.Ordinal));
        var room = tokenBudget * 4 - text.Length;
        if (declarations.Length > 0)
        {
            text.Append('\n').Append(declarations.Length <= room ? declarations.ToString() : TextShape.Cap(declarations.ToString(), Math.Max(0, room)));
        }

        return text.ToString();
    }

    private string Layout()
    {
        var projects = Directory.EnumerateFiles(catalog.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Take(30)
            .Select(p =>
            {
                var references = ProjectGraph.DeclaredReferences(p).Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));
                var list = string.Join(", ", references);
                return $"- {WorkspaceRelative.Of(p, catalog.Root)}{(list.Length > 0 ? $" → {list}" : "")}";
            });
        return "## Projects\n" + string.Join('\n', projects) + "\n";
    }

    private string Fit(List<string> sections)
    {
        // The header, layout and closing instruction always go; failure sections are added in order while they fit.
        var fixedPart = sections[0].Length + sections[^1].Length + sections[^2].Length;
        var budget = tokenBudget * 4 - fixedPart;
        var kept = new List<string> { sections[0] };
        var dropped = 0;
        foreach (var section in sections.Skip(1).SkipLast(2))
        {
            if (section.Length <= budget)
            {
                kept.Add(section);
                budget -= section.Length;
            }
            else
            {
                dropped++;
            }
        }

        if (dropped > 0)
        {
            kept.Add($"({dropped} more failure{(dropped == 1 ? "" : "s")} left out to stay within the prompt budget; run_build and run_tests list them all.)");
        }

        kept.Add(sections[^2]);
        kept.Add(sections[^1]);
        return string.Join("\n", kept);
    }

    // Compiler messages quote the names involved: 'Circle', 'Shape.Area()', 'Account.Deposit(Money, string)': the type and the member both matter.
    private static IEnumerable<string> QuotedNames(string message) =>
        Quoted().Matches(message)
            .SelectMany(m => m.Groups[1].Value.Split('.'))
            .Where(n => n.Length > 1 && char.IsUpper(n[0]))
            .Distinct();

    private static IEnumerable<string> FrameMembers(string? stackTrace) =>
        stackTrace is null ? [] : Frame().Matches(stackTrace).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Where(n => !n.StartsWith('<')).Distinct().Take(6);


    [GeneratedRegex(@"'([A-Za-z_][A-Za-z0-9_.]*?)(?:[<(][^']*)?'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"at [\w.]*?\.(\w+)\.(\w+)\(")]
    private static partial Regex Frame();
}
