namespace CiAgent.Specs;

/// <summary>The layout a spec was written in, which decides where its acceptance criteria live.</summary>
public enum SpecFormat
{
    /// <summary>A single Markdown file read with the generic rules.</summary>
    Markdown,

    /// <summary>A GitHub Spec Kit feature folder (specs/NNN-name/ with spec.md).</summary>
    SpecKit,

    /// <summary>An OpenSpec change folder (openspec/changes/id/ with proposal.md and spec deltas).</summary>
    OpenSpec,

    /// <summary>A Kiro spec folder (.kiro/specs/name/ with requirements.md).</summary>
    Kiro,

    /// <summary>A GitHub issue taken from the event payload of an issues or issue_comment event.</summary>
    Issue,
}
