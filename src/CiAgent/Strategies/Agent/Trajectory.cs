using System.Text.Json;
using System.Text.Json.Serialization;

namespace CiAgent.Strategies.Agent;

/// <summary>One step of the agent loop as written to trajectory.jsonl.</summary>
public sealed record TrajectoryStep
{
    /// <summary>The step number, from 1.</summary>
    public int Step { get; init; }

    /// <summary>The role whose conversation this step belongs to (planner, tester, coder, reviewer), or null in a heal.</summary>
    public string? Role { get; init; }

    /// <summary>The model that answered.</summary>
    public string? Model { get; init; }

    /// <summary>Messages sent in the request.</summary>
    public int RequestMessages { get; init; }

    /// <summary>Estimated tokens of the request.</summary>
    public int RequestTokensEstimate { get; init; }

    /// <summary>The model's text, if any (capped).</summary>
    public string? Text { get; init; }

    /// <summary>Tool calls with their (capped) results.</summary>
    public IReadOnlyList<TrajectoryToolCall> ToolCalls { get; init; } = [];

    /// <summary>Prompt tokens of this call.</summary>
    public long InputTokens { get; init; }

    /// <summary>Completion tokens of this call.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Running cost of the attempt so far.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Seconds the model call took.</summary>
    public double ModelSeconds { get; init; }

    /// <summary>Seconds the tools took.</summary>
    public double ToolSeconds { get; init; }

    /// <summary>What the harness saw after this step, when it verified.</summary>
    public string? Verified { get; init; }

    /// <summary>Why the loop stopped after this step, when it stopped for a reason of its own (no-progress); null otherwise.</summary>
    public string? Stopped { get; init; }
}

/// <summary>A tool call in the trajectory.</summary>
public sealed record TrajectoryToolCall(string Name, string Arguments, string Result, bool IsError);

/// <summary>Appends one JSON line per step and flushes it at once, so a killed run still leaves its trajectory.</summary>
public sealed class TrajectoryWriter(string path, Func<string, string> redact)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = TrajectoryJson.Default,
    };

    /// <summary>Where the trajectory goes.</summary>
    public string Path { get; } = path;

    /// <summary>Writes one step, redacted.</summary>
    public void Append(TrajectoryStep step)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var line = redact(JsonSerializer.Serialize(step, Json)) + "\n";
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }
}

/// <summary>Source-generated JSON for trajectory lines.</summary>
[JsonSerializable(typeof(TrajectoryStep))]
internal sealed partial class TrajectoryJson : JsonSerializerContext;
