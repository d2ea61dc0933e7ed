using CiAgent.Context;
using CiAgent.Strategies.Tools;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Roles;

/// <summary>A role's closing call (submit_plan, submit_review): its arguments, as JSON, are the claim the harness judges.</summary>
internal sealed class SubmitTool(string name, string description, string schema) : IAgentTool
{
    /// <summary>The planner's closing call.</summary>
    public const string SubmitPlan = "submit_plan";

    /// <summary>The reviewer's closing call.</summary>
    public const string SubmitReview = "submit_review";

    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(name, description, schema);

    public bool Closes => true;

    public Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken) =>
        Task.FromResult(new ToolResult("Submitted.", false) { FinishSummary = arguments.ToJson() });

    /// <summary>submit_plan(summary, criteria[{id, tests[]}], changes[{path, what}], questions[]).</summary>
    public static SubmitTool Plan() => new(
        SubmitPlan,
        "Submits the plan and ends your turn. Every acceptance criterion id needs at least one test, named in full (Namespace.Class.Method) as it will be written; "
        + "every change names a workspace file and what changes in it; questions lists what the spec leaves open (empty when nothing does).",
        """
        {
          "type": "object",
          "properties": {
            "summary": { "type": "string", "description": "The approach in two to five sentences." },
            "criteria": { "type": "array", "description": "One entry per acceptance criterion.", "items": { "type": "object", "properties": { "id": { "type": "string" }, "tests": { "type": "array", "items": { "type": "string" } } }, "required": ["id", "tests"] } },
            "changes": { "type": "array", "description": "Files to create or change.", "items": { "type": "object", "properties": { "path": { "type": "string" }, "what": { "type": "string" } }, "required": ["path", "what"] } },
            "questions": { "type": "array", "description": "What the spec leaves open; empty when nothing does.", "items": { "type": "string" } }
          },
          "required": ["summary", "criteria", "changes", "questions"],
          "additionalProperties": false
        }
        """);

    /// <summary>submit_review(approved, comments[{path, line, text}]).</summary>
    public static SubmitTool Review() => new(
        SubmitReview,
        "Submits your review and ends your turn: approved true when the change may ship as it is; otherwise comments say what to change, each on a file and line.",
        """
        {
          "type": "object",
          "properties": {
            "approved": { "type": "boolean", "description": "True when the change may ship as it is." },
            "comments": { "type": "array", "description": "What to change, each on a file and line.", "items": { "type": "object", "properties": { "path": { "type": "string" }, "line": { "type": "integer" }, "text": { "type": "string" } }, "required": ["path", "line", "text"] } }
          },
          "required": ["approved", "comments"],
          "additionalProperties": false
        }
        """);
}
