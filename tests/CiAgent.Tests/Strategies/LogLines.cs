using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace CiAgent.Tests.Strategies;

/// <summary>A Serilog logger whose lines are kept as the console would show them, for asserting on a run's wording.</summary>
internal sealed class LogLines : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter Format = new("{Message:lj}");
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Creates a logger that writes here.</summary>
    public LogLines() => Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(this).CreateLogger();

    /// <summary>The logger to hand to the code under test.</summary>
    public ILogger Logger { get; }

    /// <summary>Every line so far, in order.</summary>
    public IReadOnlyList<string> All => [.. _lines];

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter();
        Format.Format(logEvent, text);
        _lines.Enqueue(text.ToString());
    }

    /// <inheritdoc />
    public override string ToString() => string.Join('\n', _lines);
}
