using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CiAgent.Bench;

/// <summary>One repository of the real corpus, read from its git bundle: the baseline, each breakage, and the true fix as text edits.</summary>
/// <remarks>Bundles are cloned bare once per process into the temp folder, so reading many cases costs one clone per repository.</remarks>
public sealed partial class CorpusBundle
{
    private static readonly Dictionary<string, Task<CorpusBundle>> Opened = [];

    private readonly string _gitDirectory;

    private CorpusBundle(string bundlePath, string gitDirectory)
    {
        BundlePath = bundlePath;
        _gitDirectory = gitDirectory;
    }

    /// <summary>The bundle file, &lt;name&gt;.bundle in the real-code corpus folder.</summary>
    public string BundlePath { get; }

    /// <summary>The bundle of a corpus repository, cloned bare on first use.</summary>
    public static Task<CorpusBundle> OpenAsync(string name)
    {
        lock (Opened)
        {
            if (!Opened.TryGetValue(name, out var open))
            {
                open = CloneAsync(BenchPaths.Bundle(name));
                Opened[name] = open;
            }

            return open;
        }
    }

    /// <summary>Checks out a branch of the bundle into a new folder with its history, and points origin at the public repository (source link reads it; nothing is fetched).</summary>
    public async Task CheckoutAsync(string branch, string target, string originUrl)
    {
        var parent = Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!).FullName;
        await RunGitAsync(parent, "clone", "--quiet", "--branch", branch, BundlePath, target);
        await RunGitAsync(target, "fetch", "--quiet", BundlePath, $"{RealCorpus.BaselineBranch}:{RealCorpus.BaselineBranch}");
        await RunGitAsync(target, "remote", "set-url", "origin", originUrl);
    }

    /// <summary>True when the patch, applied to a fresh checkout of the branch, gives exactly the baseline's tree: the breakage undone, nothing more.</summary>
    public async Task<bool> UndoesAsync(string branch, string patchPath)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ciagent-corpus", $"undo-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        try
        {
            await RunGitAsync(Path.GetDirectoryName(folder)!, "clone", "--quiet", "--branch", branch, _gitDirectory, folder);
            await RunGitAsync(folder, "fetch", "--quiet", _gitDirectory, $"{RealCorpus.BaselineBranch}:{RealCorpus.BaselineBranch}");
            if ((await RunAsync(folder, "apply", "--whitespace=nowarn", Path.GetFullPath(patchPath))).ExitCode != 0)
            {
                return false;
            }

            await RunGitAsync(folder, "add", "--all");
            return (await RunAsync(folder, "diff", "--cached", "--quiet", RealCorpus.BaselineBranch)).ExitCode == 0;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Only a leftover in the temp folder.
            }
        }
    }

    /// <summary>The commits on a branch that are not on the baseline.</summary>
    public async Task<IReadOnlyList<string>> CommitsAboveBaselineAsync(string branch) =>
        [.. (await GitAsync("rev-list", $"{RealCorpus.BaselineBranch}..{branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The files a branch changes against the baseline, with their status letter (M, A, D, …).</summary>
    public async Task<IReadOnlyList<(string Status, string File)>> ChangedFilesAsync(string branch) =>
        [.. (await GitAsync("diff", "--name-status", "--no-renames", RealCorpus.BaselineBranch, branch))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(parts => (parts[0], parts[1]))];

    /// <summary>A file's text at a revision.</summary>
    public Task<string> ShowAsync(string revision, string file) => GitAsync("show", $"{revision}:{file}");

    /// <summary>
    /// The true fix of a breakage, the reverse diff of its commit, as exact find/replace edits on the broken text: one per hunk,
    /// each widened by unchanged lines until its text occurs exactly once both in the broken file and in the baseline.
    /// </summary>
    public async Task<IReadOnlyList<TextEdit>> ReverseDiffAsync(string branch)
    {
        var edits = new List<TextEdit>();
        foreach (var (status, file) in await ChangedFilesAsync(branch))
        {
            if (status != "M")
            {
                throw new InvalidDataException($"{branch} {status} {file}: a breakage may only modify files.");
            }

            var broken = Lines(await ShowAsync(branch, file));
            var baseline = Lines(await ShowAsync(RealCorpus.BaselineBranch, file));
            var diff = await GitAsync("diff", "-U0", "--no-color", branch, RealCorpus.BaselineBranch, "--", file);
            foreach (Match hunk in Hunk().Matches(diff))
            {
                edits.Add(Widen(file, broken, baseline, Range(hunk, 1), Range(hunk, 3)));
            }
        }

        return edits;
    }

    private static TextEdit Widen(string file, List<string> broken, List<string> baseline, (int Start, int End) from, (int Start, int End) to)
    {
        while (true)
        {
            var find = string.Concat(broken.Skip(from.Start).Take(from.End - from.Start));
            var replace = string.Concat(baseline.Skip(to.Start).Take(to.End - to.Start));
            if (find.Length > 0 && replace.Length > 0 && Once(string.Concat(broken), find) && Once(string.Concat(baseline), replace))
            {
                return new TextEdit(file, find, replace);
            }

            if (from.Start == 0 && from.End == broken.Count)
            {
                throw new InvalidDataException($"{file}: no unique context around a hunk.");
            }

            // Context lines are the same on both sides, so both ranges widen together.
            if (from.Start > 0)
            {
                from.Start--;
                to.Start--;
            }

            if (from.End < broken.Count)
            {
                from.End++;
                to.End++;
            }
        }
    }

    // "-a,b +c,d": lines a..a+b-1 (1-based); with a count of 0 the hunk sits after line a, so it starts at index a.
    private static (int Start, int End) Range(Match hunk, int group)
    {
        var start = int.Parse(hunk.Groups[group].Value, CultureInfo.InvariantCulture);
        var count = hunk.Groups[group + 1].Success ? int.Parse(hunk.Groups[group + 1].Value, CultureInfo.InvariantCulture) : 1;
        return count == 0 ? (start, start) : (start - 1, start - 1 + count);
    }

    private static bool Once(string text, string part)
    {
        var first = text.IndexOf(part, StringComparison.Ordinal);
        return first >= 0 && text.IndexOf(part, first + 1, StringComparison.Ordinal) < 0;
    }

    // Lines with their endings, so that joining them gives the file back byte for byte.
    private static List<string> Lines(string text) => [.. LineWithEnding().Matches(text).Select(m => m.Value)];

    private static async Task<CorpusBundle> CloneAsync(string bundlePath)
    {
        if (!File.Exists(bundlePath))
        {
            throw new FileNotFoundException($"No corpus bundle at {bundlePath}.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "ciagent-corpus", $"{Path.GetFileNameWithoutExtension(bundlePath)}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        await RunGitAsync(Path.GetDirectoryName(folder)!, "clone", "--quiet", "--bare", bundlePath, folder);
        return new CorpusBundle(bundlePath, folder);
    }

    private Task<string> GitAsync(params string[] arguments) => RunGitAsync(_gitDirectory, arguments);

    // Read raw rather than line by line: file texts must come back byte for byte, final newline and carriage returns included.
    private static async Task<string> RunGitAsync(string folder, params string[] arguments)
    {
        var (exitCode, output, error) = await RunAsync(folder, arguments);
        return exitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string folder, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in (string[])["-c", "core.autocrlf=false", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("git did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", RegexOptions.Multiline)]
    private static partial Regex Hunk();

    [GeneratedRegex(@"[^\n]*\n|[^\n]+$")]
    private static partial Regex LineWithEnding();
}
