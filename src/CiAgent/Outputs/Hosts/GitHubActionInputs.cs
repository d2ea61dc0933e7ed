using System.Globalization;

namespace CiAgent.Outputs.Hosts;

/// <summary>Turns the inputs of the ciagent docker action (INPUT_* variables) into `ciagent heal` or `ciagent implement` arguments.</summary>
public static class GitHubActionInputs
{
    /// <summary>Inputs that action.yml hands to the agent as environment variables (runs.env), never as arguments, because arguments are visible in process lists.</summary>
    public static IReadOnlyList<string> EnvironmentOnlyInputs { get; } = ["github-token", "api-key"];

    private static readonly string[] CommitModes = ["none", "commit", "push", "pull-request"];
    private static readonly string[] AmbiguityPolicies = ["assume", "ask"];

    // Each mode's own inputs are refused in the other mode rather than dropped: a workflow that sets one believes it has an effect.
    private static readonly string[] HealOnlyInputs = ["no-tests", "allow-test-edits", "protected-paths"];
    private static readonly string[] ImplementOnlyInputs = ["spec", "max-review-rounds", "on-ambiguity"];

    private static readonly (string Input, string Option)[] TextOptions =
    [
        ("target", "--target"),
        ("provider", "--provider"),
        ("model", "--model"),
        ("base-url", "--base-url"),
        ("config", "--config"),
    ];

    private static readonly (string Input, string Option)[] Switches =
    [
        ("no-tests", "--no-tests"),
        ("allow-dirty", "--allow-dirty"),
        ("allow-test-edits", "--allow-test-edits"),
    ];

    /// <summary>The full argument list, starting with the command the mode input names; throws <see cref="ActionInputException"/> for a value that cannot be right.</summary>
    public static string[] ToArguments(IReadOnlyDictionary<string, string?> environment)
    {
        var inputs = new Inputs(environment);
        var mode = inputs.Get("mode") ?? "heal";
        var arguments = mode switch
        {
            "heal" => Refusing(inputs, ImplementOnlyInputs, mode, ["heal"]),
            "implement" => Refusing(inputs, HealOnlyInputs, mode, ["implement", .. SpecArguments(inputs)]),
            _ => throw new ActionInputException($"Input 'mode' must be heal or implement, not '{mode}'."),
        };

        // Docker actions start in GITHUB_WORKSPACE, but say so explicitly: relative paths must mean the same here and in later steps.
        var checkout = Path.GetFullPath(inputs.Environment("GITHUB_WORKSPACE") ?? Directory.GetCurrentDirectory());
        var workspace = Path.GetFullPath(inputs.Get("working-directory") ?? ".", checkout);
        arguments.AddRange(["--workspace", workspace]);

        // Inside the workspace rather than RUNNER_TEMP: the container sees RUNNER_TEMP at another path than later steps on the host do.
        arguments.AddRange(["--out", Path.GetFullPath(inputs.Get("out-dir") ?? ".ciagent", checkout)]);

        foreach (var (input, option) in TextOptions)
        {
            if (inputs.Get(input) is { } value)
            {
                arguments.AddRange([option, value]);
            }
        }

        var commit = inputs.Get("commit") ?? "none";
        if (!CommitModes.Contains(commit, StringComparer.Ordinal))
        {
            throw new ActionInputException($"Input 'commit' must be one of {string.Join(", ", CommitModes)}, not '{commit}'.");
        }

        arguments.AddRange(["--commit", commit]);

        AddNumber(arguments, inputs, "max-model-calls", "--max-model-calls", integer: true, allowZero: true);
        AddNumber(arguments, inputs, "max-tokens", "--max-tokens", integer: true, allowZero: false);
        AddNumber(arguments, inputs, "max-cost", "--max-cost", integer: false, allowZero: true);
        AddNumber(arguments, inputs, "timeout-minutes", "--timeout", integer: false, allowZero: false);

        AddNumber(arguments, inputs, "max-review-rounds", "--max-review-rounds", integer: true, allowZero: true);
        if (inputs.Get("on-ambiguity") is { } onAmbiguity)
        {
            arguments.AddRange(["--on-ambiguity", AmbiguityPolicies.Contains(onAmbiguity, StringComparer.Ordinal)
                ? onAmbiguity
                : throw new ActionInputException($"Input 'on-ambiguity' must be assume or ask, not '{onAmbiguity}'.")]);
        }

        foreach (var path in (inputs.Get("protected-paths") ?? "").Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            arguments.AddRange(["--protected-paths", path]);
        }

        foreach (var (input, option) in Switches)
        {
            if (inputs.Boolean(input))
            {
                arguments.Add(option);
            }
        }

        // "Re-run with debug logging" sets RUNNER_DEBUG=1; honour it so nobody has to edit the workflow to get detail.
        if (inputs.Boolean("debug") || inputs.Environment("RUNNER_DEBUG") == "1")
        {
            arguments.Add("--debug");
        }

        return [.. arguments];
    }

    private static string[] SpecArguments(Inputs inputs) => inputs.Get("spec") switch
    {
        null => throw new ActionInputException("Input 'spec' is required when mode is implement: a Markdown file or a Spec Kit, OpenSpec or Kiro folder, or 'issue'."),

        // The runner writes the triggering event to GITHUB_EVENT_PATH and mounts it into the container at that same path.
        "issue" => ["--spec-event", inputs.Environment("GITHUB_EVENT_PATH")
            ?? throw new ActionInputException("Input 'spec' is 'issue', but GITHUB_EVENT_PATH is not set, so there is no event to read the issue from.")],
        var path => ["--spec", path],
    };

    private static List<string> Refusing(Inputs inputs, string[] otherModesInputs, string mode, List<string> arguments)
    {
        // Only a value that differs from "not given" counts: action.yml's "false" defaults for switches arrive in every mode.
        if (otherModesInputs.FirstOrDefault(input => inputs.Get(input) is { } value && value is not ("false" or "False" or "FALSE")) is { } given)
        {
            throw new ActionInputException($"Input '{given}' does not apply when mode is {mode}; remove it or change the mode.");
        }

        return arguments;
    }

    private static void AddNumber(List<string> arguments, Inputs inputs, string input, string option, bool integer, bool allowZero)
    {
        if (inputs.Get(input) is not { } text)
        {
            return;
        }

        var valid = integer
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) && (whole > 0 || (allowZero && whole == 0))
            : decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && (number > 0 || (allowZero && number == 0));
        if (!valid)
        {
            var kind = integer ? "whole number" : "number";
            throw new ActionInputException($"Input '{input}' must be a {(allowZero ? "non-negative" : "positive")} {kind}, not '{text}'.");
        }

        arguments.AddRange([option, text]);
    }

    /// <summary>Reads INPUT_&lt;NAME&gt; the way the runner sets it for docker actions: upper-cased, with hyphens kept.</summary>
    private sealed class Inputs(IReadOnlyDictionary<string, string?> environment)
    {
        public string? Get(string name) => Environment($"INPUT_{name.ToUpperInvariant()}")?.Trim() is { Length: > 0 } value ? value : null;

        public string? Environment(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

        public bool Boolean(string name) => Get(name) switch
        {
            // The YAML 1.2 core schema's spellings, which is what the toolkit's getBooleanInput accepts too.
            null or "false" or "False" or "FALSE" => false,
            "true" or "True" or "TRUE" => true,
            var other => throw new ActionInputException($"Input '{name}' must be true or false, not '{other}'."),
        };
    }
}
