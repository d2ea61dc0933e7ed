namespace CiAgent.Settings;

/// <summary>What `ciagent implement` does when the planner finds the spec ambiguous.</summary>
public enum AmbiguityPolicy
{
    /// <summary>Record the questions, make the planner's assumptions, and go on.</summary>
    Assume,

    /// <summary>Stop before anything is written, with status needs-clarification and the questions in the summary.</summary>
    Ask,
}
