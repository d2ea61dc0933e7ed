using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace CiAgent.Intake;

/// <summary>Builds the <c>dotnet test</c> command line for VSTest and for Microsoft.Testing.Platform, test filters included.</summary>
internal static class DotnetTestArguments
{
    /// <summary>Builds a VSTest <c>--filter</c> expression that selects exactly the given fully qualified test names.</summary>
    internal static string BuildVsTestFilter(IEnumerable<string> fullyQualifiedNames) =>
        string.Join('|', fullyQualifiedNames.SelectMany(FilterNames).Distinct(StringComparer.Ordinal).Select(name => "FullyQualifiedName=" + EscapeFilterValue(name)));

    // A theory's case is reported by its display name, `Method(value: null)`; xUnit's fully qualified name has no arguments,
    // NUnit's keeps them, so both forms are asked for (a filter that matches nothing would leave the failing tests unrun).
    private static IEnumerable<string> FilterNames(string name)
    {
        yield return name;
        var open = name.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && name.EndsWith(')'))
        {
            yield return name[..open];
        }
    }

    /// <summary>Escapes a value for VSTest's filter syntax, and for the MSBuild property that <c>dotnet test</c> passes it through.</summary>
    internal static string EscapeFilterValue(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                // The filter language's own operators and its escape character.
                case '\\' or '(' or ')' or '&' or '|' or '=' or '!' or '~':
                    escaped.Append('\\').Append(c);
                    break;

                // dotnet test hands the filter to MSBuild, which would split a property value at ',' or ';'
                // and treat '%' as the start of an escape; MSBuild's own escapes survive to the runner intact.
                case ',':
                    escaped.Append("%2C");
                    break;
                case ';':
                    escaped.Append("%3B");
                    break;
                case '%':
                    escaped.Append("%25");
                    break;

                // A theory's string argument is quoted in its name, and MSBuild would read a bare quote as the end of the value.
                case '"':
                    escaped.Append("%22");
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>Builds the <c>dotnet test</c> arguments for the VSTest runner.</summary>
    internal static ImmutableArray<string> ForVsTest(string target, string resultsDirectory, TestRunRequest request)
    {
        var arguments = ImmutableArray.CreateBuilder<string>();
        arguments.Add("test");
        // Built assemblies run as they are, without MSBuild: there is nothing to restore or build for them.
        var direct = !request.Assemblies.IsDefaultOrEmpty;
        arguments.AddRange(direct ? request.Assemblies : [target]);
        arguments.AddRange("--logger", "trx", "--results-directory", resultsDirectory);
        if (!direct)
        {
            AddBuildSwitches(arguments, request);
            if (request.OneMsBuildNode)
            {
                arguments.Add("-m:1");
            }
        }

        if (!request.Filter.IsDefaultOrEmpty)
        {
            arguments.AddRange("--filter", BuildVsTestFilter(request.Filter));
        }

        if (request.HangTimeout is not null)
        {
            // Each finished test on its own line: the hang watchdog's progress, and the tests a killed run had finished.
            arguments.AddRange("--logger", "console;verbosity=normal");
        }

        if (request.CollectCrashDump)
        {
            arguments.AddRange("--blame-crash", "--blame-crash-dump-type", "mini");
        }

        if (direct && request.Assemblies.Length > 1)
        {
            // Side by side, as the MSBuild route runs test projects on its nodes; VSTest alone would run the assemblies one by one.
            arguments.AddRange("--", "RunConfiguration.MaxCpuCount=0");
        }

        return arguments.ToImmutable();
    }

    /// <summary>Builds the <c>dotnet test</c> arguments for Microsoft.Testing.Platform, using only the extensions the projects reference.</summary>
    internal static ImmutableArray<string> ForTestingPlatform(
        string target, string resultsDirectory, TestRunRequest request, TestingPlatformExtensions extensions)
    {
        var arguments = ImmutableArray.CreateBuilder<string>();
        arguments.Add("test");
        if (Directory.Exists(target))
        {
            arguments.AddRange("--project", target);
        }
        else
        {
            var isSolution = Path.GetExtension(target) is ".sln" or ".slnx" or ".slnf";
            arguments.AddRange(isSolution ? "--solution" : "--project", target);
        }

        // Detailed output lists each finished test as it finishes, which the hang watchdog counts as progress.
        arguments.AddRange("--results-directory", resultsDirectory, "--no-ansi", "--no-progress", "--output", "Detailed");
        AddBuildSwitches(arguments, request);

        if (extensions.HasFlag(TestingPlatformExtensions.XunitV3))
        {
            arguments.Add("--report-xunit-trx");
        }
        else if (extensions.HasFlag(TestingPlatformExtensions.TrxReport))
        {
            arguments.Add("--report-trx");
        }

        if (!request.Filter.IsDefaultOrEmpty)
        {
            if (extensions.HasFlag(TestingPlatformExtensions.XunitV3))
            {
                foreach (var name in request.Filter.Distinct(StringComparer.Ordinal))
                {
                    // xunit.v3 matches the fully qualified method name; only a leading or trailing '*' is special to it.
                    arguments.AddRange("--filter-method", name);
                }
            }
            else
            {
                // MSTest and NUnit on the platform accept the VSTest filter language.
                arguments.AddRange("--filter", BuildVsTestFilter(request.Filter));
            }
        }

        if (request.HangTimeout is { } hang && extensions.HasFlag(TestingPlatformExtensions.HangDump))
        {
            arguments.AddRange("--hangdump", "--hangdump-timeout", Milliseconds(hang), "--hangdump-type", "None");
        }

        if (request.CollectCrashDump && extensions.HasFlag(TestingPlatformExtensions.CrashDump))
        {
            arguments.AddRange("--crashdump", "--crashdump-type", "Mini");
        }

        return arguments.ToImmutable();
    }

    private static void AddBuildSwitches(ImmutableArray<string>.Builder arguments, TestRunRequest request)
    {
        if (request.NoBuild)
        {
            arguments.Add("--no-build");
        }

        if (request.NoRestore)
        {
            arguments.Add("--no-restore");
        }
    }

    private static string Milliseconds(TimeSpan span) =>
        ((long)Math.Max(1, Math.Ceiling(span.TotalMilliseconds))).ToString(CultureInfo.InvariantCulture) + "ms";
}
