using System.Text;
using CliWrap;

namespace CiAgent.Processes;

/// <summary>A CliWrap pipe target that keeps a stream's lines within a limit, reports every line to a callback, and stops reading when the pipe is abandoned.</summary>
/// <remarks>
/// CliWrap waits for both output pipes to close, and a grandchild that outlived our process (a background
/// job, a server a script started) can hold them open for minutes; the runner abandons the pipe a short
/// grace after our process exits, and this target turns that abandonment into a normal end of stream.
/// </remarks>
internal sealed class BoundedLineTarget : PipeTarget
{
    // What .NET's own process streams decode with, so output reads the same as before CliWrap.
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly BoundedText _text;
    private readonly Action<string>? _onLine;
    private readonly CancellationToken _abandon;
    private readonly Lock _gate = new();

    /// <summary>Creates a target that keeps at most <paramref name="limit"/> characters and stops at <paramref name="abandon"/>.</summary>
    public BoundedLineTarget(int limit, Action<string>? onLine, CancellationToken abandon)
    {
        _text = new BoundedText(limit);
        _onLine = onLine;
        _abandon = abandon;
    }

    /// <summary>True once anything has been dropped from the middle.</summary>
    public bool Truncated
    {
        get
        {
            lock (_gate)
            {
                return _text.Truncated;
            }
        }
    }

    /// <summary>Adds a line of ciagent's own, such as the note that a timeout killed the process.</summary>
    public void AppendLine(string line)
    {
        lock (_gate)
        {
            _text.AppendLine(line);
        }
    }

    /// <inheritdoc />
    public override async Task CopyFromAsync(Stream origin, CancellationToken cancellationToken = default)
    {
        // CliWrap's token is its forceful cancellation, which has already killed the tree; stopping at it would
        // lose the last lines still in the pipe, so the read ends at end of stream or at abandonment, which
        // the runner triggers a grace after exit, killed or not.
        try
        {
            await ToDelegate(Receive, Utf8).CopyFromAsync(origin, _abandon).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // A grandchild still holds the pipe; what was read so far is what we report.
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }

    private void Receive(string line)
    {
        AppendLine(line);
        _onLine?.Invoke(line);
    }
}
