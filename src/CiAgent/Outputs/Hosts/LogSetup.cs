using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Sinks.SystemConsole.Themes;

namespace CiAgent.Outputs.Hosts;

/// <summary>Builds the agent's logger: one plain line per event, readable in any CI log viewer.</summary>
public static class LogSetup
{
    /// <summary>The line format, such as "[12:04:31 INF] Building Bookstore.sln".</summary>
    public const string OutputTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>A logger at Debug level when <paramref name="debug"/> is set, else Information, writing to <paramref name="output"/> or the console.</summary>
    public static Logger Create(bool debug, TextWriter? output = null, Func<string, string>? redact = null)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(debug ? LogEventLevel.Debug : LogEventLevel.Information)
            // Roslyn and HTTP libraries log through other channels; a stray library log here would be noise.
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning);

        // No colours: CI log viewers show ANSI codes from redirected output as garbage or strip them unevenly.
        // Every line is rendered, then redacted, then written: a secret in a message, an exception or a property never reaches the log.
        var formatter = new MessageTemplateTextFormatter(OutputTemplate, CultureInfo.InvariantCulture);
        return (redact is null && output is null
                ? configuration.WriteTo.Console(outputTemplate: OutputTemplate, formatProvider: CultureInfo.InvariantCulture, theme: ConsoleTheme.None)
                : configuration.WriteTo.Sink(new WriterSink(output ?? Console.Out, formatter, redact ?? (text => text))))
            .CreateLogger();
    }

    /// <summary>Formats events onto a given writer, for tests and for callers that capture the log.</summary>
    private sealed class WriterSink(TextWriter output, ITextFormatter formatter, Func<string, string> redact) : ILogEventSink
    {
        private readonly Lock _gate = new();

        public void Emit(LogEvent logEvent)
        {
            // Build steps log from several threads; interleaved halves of two lines would be unreadable.
            using var line = new StringWriter(CultureInfo.InvariantCulture);
            formatter.Format(logEvent, line);
            lock (_gate)
            {
                output.Write(redact(line.ToString()));
                output.Flush();
            }
        }
    }
}
