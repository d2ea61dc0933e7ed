using CiAgent.Context;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>finish: the model's way of ending the session; what the summary means is the loop's decision.</summary>
internal sealed class FinishTool : IAgentTool
{
    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(
        AgentToolNames.Finish,
        "Ends the session. Call it once: after run_build and run_tests show the problem is fixed, or when you are sure you cannot fix it without breaking the rules. "
        + "summary says in one to three sentences what was wrong and what you changed, or why you are stopping, "
        + "e.g. {\"summary\": \"Calculator.Add subtracted instead of adding; fixed the operator in src/App/Calculator.cs.\"}.",
        """
        {
          "type": "object",
          "properties": {
            "summary": { "type": "string", "description": "One to three sentences: the cause, the change made (with file names), or why you stopped." }
          },
          "required": ["summary"],
          "additionalProperties": false
        }
        """);

    public bool Closes => true;

    public Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var summary = arguments.RequiredString("summary").Trim();
        if (summary.Length == 0)
        {
            throw new ToolInputException("finish: summary is empty; say in one to three sentences what was wrong and what you changed, or why you stopped.");
        }

        return Task.FromResult(new ToolResult("Finished.", false) { FinishSummary = summary });
    }
}
