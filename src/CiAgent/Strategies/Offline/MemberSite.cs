using Microsoft.CodeAnalysis;

namespace CiAgent.Strategies.Offline;

/// <summary>One use of a member the receiver type does not have, as the renamed-member fixer sees it.</summary>
/// <param name="Error">The CS1061 or CS0117 error at the use, or CS0103 at an unqualified use inside the type or a derived one.</param>
/// <param name="Model">Semantic model of the file holding the use.</param>
/// <param name="Identifier">The name token to rewrite.</param>
/// <param name="Receiver">The type the member was looked up on.</param>
/// <param name="IsStaticAccess">True for Type.Member (or an unqualified use in a static member), false for value.Member.</param>
/// <param name="IsInvocation">True when the member is called, which means it must be a method.</param>
/// <param name="TypeArgumentCount">Explicit type arguments at the use (Get&lt;T&gt;), or null when none were written.</param>
/// <param name="ArgumentCount">Arguments passed when the member is called.</param>
/// <param name="IsUnqualified">True for a bare Member inside the receiver type, where an instance member may use static members too.</param>
internal sealed record MemberSite(
    Diagnostic Error,
    SemanticModel Model,
    SyntaxToken Identifier,
    ITypeSymbol Receiver,
    bool IsStaticAccess,
    bool IsInvocation,
    int? TypeArgumentCount,
    int ArgumentCount,
    bool IsUnqualified = false)
{
    /// <summary>The missing member's name.</summary>
    public string Name => Identifier.ValueText;
}
