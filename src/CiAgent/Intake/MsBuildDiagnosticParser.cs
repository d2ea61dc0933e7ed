using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using CiAgent.Kernel;

namespace CiAgent.Intake;

/// <summary>Recognises the diagnostic lines MSBuild's console logger prints, such as <c>/src/A.cs(12,5): error CS0246: … [/src/A.csproj]</c>.</summary>
public static partial class MsBuildDiagnosticParser
{
    // Every diagnostic line carries one of these words, so lines without either skip the regex altogether;
    // that keeps parsing 100 MB of ordinary build chatter cheap.
    private const string ErrorWord = "error";
    private const string WarningWord = "warning";

    /// <summary>Parses one line of console output, returning false for anything that is not an MSBuild diagnostic.</summary>
    public static bool TryParse(string line, [NotNullWhen(true)] out BuildDiagnostic? diagnostic)
    {
        diagnostic = null;
        if (string.IsNullOrEmpty(line)
            || (!line.Contains(ErrorWord, StringComparison.Ordinal) && !line.Contains(WarningWord, StringComparison.Ordinal)))
        {
            return false;
        }

        Match match;
        try
        {
            match = DiagnosticLine().Match(line);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological line is not worth stalling the build intake for; MSBuild never prints one as a diagnostic.
            return false;
        }

        if (!match.Success)
        {
            return false;
        }

        string? file;
        int lineNumber = 0, column = 0;
        if (match.Groups["file"].Success)
        {
            file = match.Groups["file"].Value;
            lineNumber = ParseNumber(match.Groups["line"]);
            column = ParseNumber(match.Groups["column"]);
        }
        else
        {
            var origin = match.Groups["origin"].Value;

            // MSBuild puts a tool name (MSBUILD, CSC, EXEC, or an origin a tool printed) where the file goes
            // when there is no file; a bare word is such a name, anything path-like is a real file (NU1101 on a .csproj).
            file = ToolName().IsMatch(origin) ? null : origin;
        }

        var severity = match.Groups["severity"].Value == ErrorWord ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        var project = match.Groups["project"].Success ? match.Groups["project"].Value : null;
        if (project is not null && !project.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
        {
            // A restore error of a solution build (NU1010, say) is bracketed with the solution but is about the project file it names.
            project = file is not null && file.EndsWith("proj", StringComparison.OrdinalIgnoreCase) ? file : null;
        }

        diagnostic = new BuildDiagnostic(
            file,
            lineNumber,
            column,
            severity,
            match.Groups["code"].Value,
            match.Groups["message"].Value.TrimEnd(),
            project);
        return true;
    }

    private static int ParseNumber(Group group) =>
        group.Success && int.TryParse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;

    // The shape is MSBuild's own formatting of a BuildErrorEventArgs/BuildWarningEventArgs:
    //   origin[(location)]: [subcategory ]error|warning [code]: message[ [project[::TargetFramework=…]]]
    // where the origin is followed by " :" when there is no location. Locations come as (l), (l-l2), (l,c),
    // (l,c-c2), (l-l2,c) or (l,c,l2,c2). File names may not contain ": " or quotes, which is what keeps
    // assertion messages and other quoted text from passing as diagnostics.
    [GeneratedRegex(
        """
        ^\s*
        (?:
            (?<file>(?:[^"<>|\r\n:]|:(?!\x20))+?)
            \((?<line>\d+)(?:-\d+)?(?:,(?<column>\d+)(?:-\d+|,\d+,\d+)?)?\)
          |
            (?<origin>[^\s"<>|:](?:[^"<>|\r\n:]|:(?!\x20))*?)\x20
        )
        :\x20
        (?:[A-Za-z]+\x20){0,3}?
        (?<severity>error|warning)
        (?:\x20(?<code>[A-Za-z]+[0-9]+))?
        \x20?:
        (?:\x20(?<message>.*?))?
        (?:\x20\[(?<project>[^\[\]]*?(?:proj|\.sln|\.slnx))(?:::[^\[\]]*)?\])?
        \s*$
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();
}
