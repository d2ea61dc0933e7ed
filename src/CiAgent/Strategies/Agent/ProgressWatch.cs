using CiAgent.Kernel;

namespace CiAgent.Strategies.Agent;

/// <summary>Notices a model going round in circles: the same call with the same arguments and the same answer, or a closing call refused for the same reason, too many times in a row.</summary>
/// <param name="limit">How many identical rounds in a row count as no progress.</param>
public sealed class ProgressWatch(int limit = 3)
{
    private string? _lastCall;
    private int _callStreak;
    private string? _lastRefusal;
    private int _refusalStreak;

    /// <summary>Why the loop should stop for lack of progress, once it should; else null.</summary>
    public string? Stalled { get; private set; }

    /// <summary>Records one tool call with its arguments and the answer it got.</summary>
    public void Saw(string tool, string arguments, string answer)
    {
        var call = $"{tool}\n{arguments}\n{Key(answer)}";
        _callStreak = call == _lastCall ? _callStreak + 1 : 1;
        _lastCall = call;
        if (_callStreak >= limit)
        {
            Stalled ??= $"The model made no progress: it called {tool} with the same arguments and got the same answer {limit} times in a row.";
        }
    }

    // Test runners report failures in whatever order the tests finished; the same failures in another order are the same answer.
    private static string Key(string text) => string.Join('\n', text.Split('\n').Order(StringComparer.Ordinal));

    /// <summary>Records the harness's refusal of a closing call (finish, submit_plan); an acceptance resets the count.</summary>
    public void Judged(string tool, bool accepted, string reason)
    {
        var key = Key(reason);
        _refusalStreak = !accepted && key == _lastRefusal ? _refusalStreak + 1 : accepted ? 0 : 1;
        _lastRefusal = accepted ? null : key;
        if (_refusalStreak >= limit)
        {
            Stalled ??= $"The model made no progress: {tool} was refused for the same reason {limit} times in a row ({TextShape.Cap(TextShape.OneLine(reason), 200)}).";
        }
    }
}
