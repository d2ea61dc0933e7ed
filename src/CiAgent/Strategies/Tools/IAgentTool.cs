using CiAgent.Context;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>One tool the model can call: its declaration and what it does with already-checked arguments.</summary>
internal interface IAgentTool
{
    /// <summary>Name, description and JSON schema shown to the model.</summary>
    AIFunctionDeclaration Declaration { get; }

    /// <summary>True for a tool that ends the conversation with a claim the harness judges (finish, submit_plan, submit_review).</summary>
    bool Closes => false;

    /// <summary>Runs the tool; throws <see cref="ToolInputException"/> for input the model should correct.</summary>
    Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken);
}

/// <summary>Bad input from the model, turned into an error result that says how to call the tool correctly.</summary>
internal sealed class ToolInputException(string message) : Exception(message);
