using CiAgent.Context;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>run_build: hands over to the loop's build delegate, which owns how and where the edits are checked.</summary>
internal sealed class RunBuildTool(AgentToolContext context) : IAgentTool
{
    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(
        AgentToolNames.RunBuild,
        "Checks your edits and returns the compiler errors, or says the build succeeded: errors come at once from an in-memory compile when there are any, "
        + "else the projects you edited are built (run_tests and finish also build what depends on them). Takes no arguments: call it as {}. Batch related edits first.",
        """
        { "type": "object", "properties": {}, "additionalProperties": false }
        """);

    public async Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken) =>
        ToolResult.Ok(await context.RunBuild(cancellationToken).ConfigureAwait(false));
}

/// <summary>run_tests: hands over to the loop's test delegate, passing the model's filter through.</summary>
internal sealed class RunTestsTool(AgentToolContext context) : IAgentTool
{
    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(
        AgentToolNames.RunTests,
        "Builds and runs the tests, and returns the failing tests with their messages and stack traces, or says they all passed. "
        + "filter is an optional 'dotnet test --filter' expression that runs only some tests, e.g. {\"filter\": \"FullyQualifiedName~CalculatorTests\"} "
        + "or {\"filter\": \"FullyQualifiedName=App.Tests.CalculatorTests.Adds_two_numbers\"}; omit it ({}) to run them all. Run it once run_build succeeds.",
        """
        {
          "type": "object",
          "properties": {
            "filter": { "type": "string", "description": "Optional dotnet test --filter expression, e.g. 'FullyQualifiedName~CalculatorTests'. Default: all tests." }
          },
          "additionalProperties": false
        }
        """);

    public async Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var filter = arguments.OptionalString("filter");
        return ToolResult.Ok(await context.RunTests(string.IsNullOrWhiteSpace(filter) ? null : filter.Trim(), cancellationToken).ConfigureAwait(false));
    }
}
