using CiAgent.Kernel;

namespace CiAgent.Intake;

/// <summary>Gathers the distinct diagnostics from MSBuild console output fed to it one line at a time, keeping at most a fixed number.</summary>
public sealed class BuildDiagnosticCollector
{
    /// <summary>How many distinct diagnostics are kept when no capacity is given.</summary>
    public const int DefaultCapacity = 2_000;

    // Dropped diagnostics are remembered only by a 32-bit fingerprint so a runaway build costs a few MB at most;
    // the count can therefore be off by a rare collision, and past this many fingerprints repeats count again.
    private const int DroppedFingerprintLimit = 100_000;

    private readonly int _capacity;
    private readonly List<BuildDiagnostic> _diagnostics = [];
    private readonly HashSet<DiagnosticKey> _kept = [];
    private readonly HashSet<int> _droppedFingerprints = [];

    /// <summary>Creates a collector that keeps at most <paramref name="capacity"/> distinct diagnostics.</summary>
    public BuildDiagnosticCollector(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>The distinct diagnostics kept so far, in the order they first appeared.</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics => _diagnostics;

    /// <summary>The kept diagnostics that are errors, in the order they first appeared.</summary>
    public IReadOnlyList<BuildDiagnostic> Errors => _diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>The kept diagnostics that are warnings, in the order they first appeared.</summary>
    public IReadOnlyList<BuildDiagnostic> Warnings => _diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();

    /// <summary>How many distinct diagnostics were seen after the capacity was reached and so were not kept (approximate for very large counts).</summary>
    public long DroppedCount { get; private set; }

    /// <summary>Parses one line of output (without its line terminator) and keeps it if it is a diagnostic not seen before.</summary>
    public void Add(string line)
    {
        if (!MsBuildDiagnosticParser.TryParse(line, out var diagnostic))
        {
            return;
        }

        // The project is left out of the key: a multi-targeted project reports each diagnostic once per
        // target framework (…csproj::TargetFramework=…) and the end summary repeats them all.
        var key = new DiagnosticKey(diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.Severity, diagnostic.Code, diagnostic.Message);
        if (_kept.Contains(key))
        {
            return;
        }

        if (_diagnostics.Count < _capacity)
        {
            _kept.Add(key);
            _diagnostics.Add(diagnostic);
            return;
        }

        var fingerprint = key.GetHashCode();
        if (_droppedFingerprints.Contains(fingerprint))
        {
            return;
        }

        if (_droppedFingerprints.Count < DroppedFingerprintLimit)
        {
            _droppedFingerprints.Add(fingerprint);
        }

        DroppedCount++;
    }

    private readonly record struct DiagnosticKey(
        string? File,
        int Line,
        int Column,
        DiagnosticSeverity Severity,
        string Code,
        string Message);
}
