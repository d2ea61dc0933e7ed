using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CiAgent.Kernel;

namespace CiAgent.Intake;

/// <summary>One test result read from a TRX file.</summary>
/// <param name="FullName">The test name as the TRX records it (fully qualified for xunit).</param>
/// <param name="ClassName">The declaring class from the test definition, when present.</param>
/// <param name="MethodName">The test method from the test definition, when present.</param>
/// <param name="Outcome">The TRX outcome: Passed, Failed, NotExecuted, Timeout, Aborted, Error, Inconclusive, ….</param>
/// <param name="Duration">How long the test ran.</param>
/// <param name="Message">The error message, when the test failed.</param>
/// <param name="StackTrace">The error stack trace, when the test failed.</param>
/// <param name="StdOut">Standard output captured for the test.</param>
/// <param name="Locations">Stack frames pointing into the workspace, innermost first.</param>
/// <param name="Assembly">The built test assembly that holds the test (the definition's code base), when the TRX names it.</param>
public sealed record TrxTestResult(
    string FullName,
    string? ClassName,
    string? MethodName,
    string Outcome,
    TimeSpan Duration,
    string? Message,
    string? StackTrace,
    string? StdOut,
    ImmutableArray<SourceLocation> Locations,
    string? Assembly = null)
{
    /// <summary>True for outcomes that count as a pass.</summary>
    public bool IsPassed => Outcome is "Passed" or "PassedButRunAborted";

    /// <summary>True for outcomes that count as a failure.</summary>
    public bool IsFailed => Outcome is "Failed" or "Error" or "Timeout" or "Aborted";

    /// <summary>True for outcomes that mean the test did not really run.</summary>
    public bool IsSkipped => !IsPassed && !IsFailed;
}

/// <summary>Everything read from one TRX file.</summary>
/// <param name="Results">Each test result, in file order.</param>
/// <param name="RunMessages">The run-level messages (RunInfos), such as a test host crash report.</param>
public sealed record TrxReport(ImmutableArray<TrxTestResult> Results, ImmutableArray<string> RunMessages);

/// <summary>Reads VSTest's TRX result files.</summary>
public static partial class TrxReader
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Reads a TRX file, keeping stack locations only for files under the workspace root.</summary>
    public static TrxReport Read(string path, string? workspaceRoot)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, workspaceRoot);
    }

    /// <summary>Reads TRX XML from a stream, keeping stack locations only for files under the workspace root.</summary>
    public static TrxReport Read(Stream stream, string? workspaceRoot)
    {
        // TRX never needs a DTD; refusing one keeps a hostile results file from expanding entities.
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var document = XDocument.Load(reader);
        var root = document.Root ?? throw new InvalidDataException("The TRX file is empty.");

        var methods = root.Element(Trx + "TestDefinitions")?.Elements(Trx + "UnitTest")
            .Select(test => (Id: (string?)test.Attribute("id"), Method: test.Element(Trx + "TestMethod")))
            .Where(pair => pair.Id is not null && pair.Method is not null)
            .GroupBy(pair => pair.Id!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First().Method!, StringComparer.OrdinalIgnoreCase)
            ?? [];

        var results = root.Element(Trx + "Results")?.Descendants(Trx + "UnitTestResult")
            .Select(result => ReadResult(result, methods, workspaceRoot))
            .ToImmutableArray() ?? [];

        var messages = root.Element(Trx + "ResultSummary")?.Element(Trx + "RunInfos")?.Elements(Trx + "RunInfo")
            .Select(info => info.Element(Trx + "Text")?.Value)
            .OfType<string>()
            .ToImmutableArray() ?? [];

        return new TrxReport(results, messages);
    }

    /// <summary>Finds the frames of a .NET stack trace that point at source files under the workspace root, innermost first.</summary>
    public static ImmutableArray<SourceLocation> FindLocations(string? stackTrace, string? workspaceRoot)
    {
        if (string.IsNullOrEmpty(stackTrace) || string.IsNullOrEmpty(workspaceRoot))
        {
            return [];
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot)) + Path.DirectorySeparatorChar;
        var locations = ImmutableArray.CreateBuilder<SourceLocation>();
        foreach (Match frame in FrameWithSource().Matches(stackTrace))
        {
            var file = frame.Groups["file"].Value.Trim();
            if (!Path.IsPathFullyQualified(file)
                || !int.TryParse(frame.Groups["line"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var line))
            {
                continue;
            }

            file = Path.GetFullPath(file);
            if (file.StartsWith(root, PathComparison) && !locations.Contains(new SourceLocation(file, line)))
            {
                locations.Add(new SourceLocation(file, line));
            }
        }

        return locations.ToImmutable();
    }

    // Linux and macOS keep case-distinct files apart; Windows does not.
    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static TrxTestResult ReadResult(XElement result, Dictionary<string, XElement> methods, string? workspaceRoot)
    {
        var testId = (string?)result.Attribute("testId");
        var method = testId is not null && methods.TryGetValue(testId, out var found) ? found : null;
        var output = result.Element(Trx + "Output");
        var error = output?.Element(Trx + "ErrorInfo");
        var stackTrace = NullIfEmpty(error?.Element(Trx + "StackTrace")?.Value);
        return new TrxTestResult(
            (string?)result.Attribute("testName") ?? "",
            NullIfEmpty((string?)method?.Attribute("className")),
            NullIfEmpty((string?)method?.Attribute("name")),
            (string?)result.Attribute("outcome") ?? "NotExecuted",
            ParseDuration((string?)result.Attribute("duration")),
            NullIfEmpty(error?.Element(Trx + "Message")?.Value),
            stackTrace,
            NullIfEmpty(output?.Element(Trx + "StdOut")?.Value),
            FindLocations(stackTrace, workspaceRoot),
            // The code base keeps the path's case; the definition's storage attribute is lower-cased, which a Linux path does not survive.
            NullIfEmpty((string?)method?.Attribute("codeBase")));
    }

    private static TimeSpan ParseDuration(string? text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration) ? duration : TimeSpan.Zero;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    // VSTest prints "in /path/File.cs:line 42"; Microsoft.Testing.Platform prints "in /path/File.cs:42".
    [GeneratedRegex(@"^\s*at .+? in (?<file>.+?):(?:line )?(?<line>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex FrameWithSource();
}
