using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>A type or namespace name the compiler could not find (CS0246; CS0234 inside a namespace it does know; CS0103 left of a dot in an expression), as a missing reference explains it.</summary>
/// <param name="Error">The error at the name.</param>
/// <param name="Name">The simple name, such as Circle.</param>
/// <param name="Arity">Type arguments written at the use.</param>
/// <param name="Qualifier">For CS0234, the namespace it was looked up in; else null.</param>
/// <param name="MayBeNamespace">True where a namespace fits too: in a using directive, or left of a dot.</param>
internal sealed record MissingName(Diagnostic Error, string Name, int Arity, string? Qualifier, bool MayBeNamespace)
{
    private const string TypeNotFound = "CS0246";
    private const string NotInNamespace = "CS0234";
    private const string NameNotFound = "CS0103";

    /// <summary>The full name looked for, such as Geometry.Circle.</summary>
    public string FullName => Qualifier is null ? Name : $"{Qualifier}.{Name}";

    /// <summary>The missing names among the errors, one per distinct name and place it is looked up.</summary>
    public static IReadOnlyList<MissingName> In(IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        var found = new List<MissingName>();
        foreach (var error in errors)
        {
            if (error.Id is not (TypeNotFound or NotInNamespace or NameNotFound) || error.Location.SourceTree is not { } tree)
            {
                continue;
            }

            if (tree.GetRoot(ct).FindNode(error.Location.SourceSpan, getInnermostNodeForTie: true) is not SimpleNameSyntax name)
            {
                continue;
            }

            // In an expression a missing namespace or type is CS0103 (Markdig.Markdown.ToHtml(…)); a missing local is too, so only the left of a dot counts.
            if (error.Id == NameNotFound && !(name.Parent is MemberAccessExpressionSyntax access && access.Expression == name))
            {
                continue;
            }

            var arity = name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : 0;
            var qualifier = error.Id == NotInNamespace
                ? name.Parent switch
                {
                    QualifiedNameSyntax q when q.Right == name => q.Left.ToString(),
                    MemberAccessExpressionSyntax m when m.Name == name => m.Expression.ToString(),
                    _ => null,
                }
                : null;
            if (error.Id == NotInNamespace && qualifier is null)
            {
                continue;
            }

            var mayBeNamespace = name.Ancestors().OfType<UsingDirectiveSyntax>().Any()
                || name.Parent is QualifiedNameSyntax { Left: var left } && left == name
                || name.Parent is MemberAccessExpressionSyntax { Expression: var expression } && expression == name;
            found.Add(new MissingName(error, name.Identifier.ValueText, arity, qualifier, mayBeNamespace));
        }

        return found;
    }

    /// <summary>True when a declared type (namespace and name with arity) or namespace answers this name.</summary>
    public bool IsAnsweredBy(string? typeNamespace, string? typeName, int typeArity, string? declaredNamespace)
    {
        if (typeName is not null && typeName == Name && typeArity == Arity && (Qualifier is null || Qualifier == typeNamespace))
        {
            return true;
        }

        // A namespace answers when it is the name looked for, or lies inside it (using Geometry; with only Geometry.Text declared).
        return MayBeNamespace || Qualifier is not null
            ? declaredNamespace is not null && (declaredNamespace == FullName || declaredNamespace.StartsWith(FullName + ".", StringComparison.Ordinal))
            : false;
    }
}
