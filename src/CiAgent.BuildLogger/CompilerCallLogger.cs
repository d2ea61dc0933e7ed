using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;

namespace CiAgent.BuildLogger;

/// <summary>An MSBuild logger that writes each C# compiler call of a build (project, target framework, command line) to a file, one JSON object a line.</summary>
/// <remarks>
/// It stands in for a binary log, which records every property, item and task input and embeds every imported project file
/// only for CiAgent to read a few command lines back out of it. The file, named by the logger's parameter, is written once when
/// the build ends: a build that was killed leaves none, and its reader then asks MSBuild instead. Calls are written in the order
/// their projects started, so a multi-targeting project's first call is the framework its build dispatched first.
/// </remarks>
public sealed class CompilerCallLogger : ILogger
{
    private readonly object _gate = new object();
    private readonly Dictionary<int, (int Order, string? TargetFramework)> _projects = new Dictionary<int, (int, string?)>();
    private readonly List<(int Order, string Line)> _calls = new List<(int, string)>();

    /// <inheritdoc />
    public LoggerVerbosity Verbosity { get; set; }

    /// <summary>The path of the file to write.</summary>
    public string? Parameters { get; set; }

    /// <inheritdoc />
    public void Initialize(IEventSource eventSource)
    {
        if (string.IsNullOrWhiteSpace(Parameters))
        {
            throw new LoggerException("CompilerCallLogger needs the path of the file to write as its parameter.");
        }

        eventSource.ProjectStarted += OnProjectStarted;
        eventSource.MessageRaised += OnMessageRaised;
    }

    /// <inheritdoc />
    public void Shutdown()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            _calls.Sort((a, b) => a.Order.CompareTo(b.Order));
            foreach (var call in _calls)
            {
                text.Append(call.Line).Append('\n');
            }
        }

        File.WriteAllText(Parameters!, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private void OnProjectStarted(object sender, ProjectStartedEventArgs e)
    {
        string? framework = null;
        e.GlobalProperties?.TryGetValue("TargetFramework", out framework);
        lock (_gate)
        {
            _projects[e.BuildEventContext?.ProjectContextId ?? -1] = (_projects.Count, string.IsNullOrEmpty(framework) ? null : framework);
        }
    }

    private void OnMessageRaised(object sender, BuildMessageEventArgs e)
    {
        if (e is not TaskCommandLineEventArgs { TaskName: "Csc", CommandLine: { Length: > 0 } commandLine } call || string.IsNullOrEmpty(call.ProjectFile))
        {
            return;
        }

        lock (_gate)
        {
            var found = _projects.TryGetValue(call.BuildEventContext?.ProjectContextId ?? -1, out var project);
            var line = new StringBuilder("{\"project\":");
            Json(line, call.ProjectFile);
            line.Append(",\"targetFramework\":");
            Json(line, found ? project.TargetFramework : null);
            line.Append(",\"commandLine\":");
            Json(line, commandLine);
            _calls.Add((found ? project.Order : int.MaxValue, line.Append('}').ToString()));
        }
    }

    private static void Json(StringBuilder into, string? value)
    {
        if (value is null)
        {
            into.Append("null");
            return;
        }

        into.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': into.Append("\\\""); break;
                case '\\': into.Append("\\\\"); break;
                case < ' ': into.Append("\\u").Append(((int)c).ToString("x4")); break;
                default: into.Append(c); break;
            }
        }

        into.Append('"');
    }
}
