using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>Reads member uses out of syntax and checks which existing members could take their place.</summary>
internal static class MemberUse
{
    /// <summary>Finds the use an error points at: value.N, Type.N, value?.N, N in an object initializer, or a bare N inside a type (CS0103).</summary>
    public static MemberSite? Locate(Diagnostic error, SemanticModel model, CancellationToken ct)
    {
        var root = model.SyntaxTree.GetRoot(ct);
        if (root.FindNode(error.Location.SourceSpan, getInnermostNodeForTie: true) is not SimpleNameSyntax name)
        {
            return null;
        }

        if (error.Id == "CS0103")
        {
            return Unqualified(error, name, model, ct);
        }

        var typeArguments = name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : (int?)null;
        ITypeSymbol? receiver = null;
        var isStatic = false;
        ExpressionSyntax? use = null;
        switch (name.Parent)
        {
            case MemberAccessExpressionSyntax access when access.Name == name:
                (receiver, isStatic) = ReceiverOf(access.Expression, model, ct);
                use = access;
                break;
            case MemberBindingExpressionSyntax binding when binding.Name == name:
                receiver = ConditionalReceiver(binding, model, ct);
                use = binding;
                break;
            case AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax { Parent: ExpressionSyntax created } } assignment when assignment.Left == name:
                // new T { N = 1 } and x with { N = 1 } look N up on the created type.
                receiver = model.GetTypeInfo(created, ct).Type;
                break;
        }

        if (receiver is null || receiver.TypeKind is TypeKind.Error or TypeKind.Dynamic)
        {
            return null;
        }

        var invocation = use?.Parent is InvocationExpressionSyntax call && call.Expression == use ? call : null;
        return new MemberSite(error, model, name.Identifier, receiver, isStatic, invocation is not null, typeArguments, invocation?.ArgumentList.Arguments.Count ?? 0);
    }

    /// <summary>
    /// A bare name inside a type, such as <c>Name = name;</c> in a constructor after the property was renamed: it is looked up on the
    /// enclosing type and its bases, unless a local or parameter in scope has a close name, since then the local may be what was renamed;
    /// one that differs only in case (the parameter <c>name</c> beside the property <c>Name</c>) is the usual convention, not a rival.
    /// </summary>
    private static MemberSite? Unqualified(Diagnostic error, SimpleNameSyntax name, SemanticModel model, CancellationToken ct)
    {
        // Only the leftmost name of a chain is bare: in Name.Trim() it is Name, in x.Name it is not.
        if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name
            || name.Parent is MemberBindingExpressionSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax)
        {
            return null;
        }

        var member = model.GetEnclosingSymbol(name.SpanStart, ct);
        while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            member = member.ContainingSymbol;
        }

        var type = member as INamedTypeSymbol ?? member?.ContainingType;
        // Top-level statements live in a generated Program with nothing to rename to.
        if (member is null || type is null || type.IsImplicitlyDeclared || type.TypeKind is TypeKind.Error)
        {
            return null;
        }

        var missing = name.Identifier.ValueText;
        if (model.LookupSymbols(name.SpanStart, container: null, name: null).Any(s => s is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol
                && NameSimilarity.IsClose(missing, s.Name) && !string.Equals(missing, s.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var typeArguments = name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : (int?)null;
        var invocation = name.Parent is InvocationExpressionSyntax call && call.Expression == name ? call : null;
        return new MemberSite(error, model, name.Identifier, type, member.IsStatic, invocation is not null, typeArguments, invocation?.ArgumentList.Arguments.Count ?? 0, IsUnqualified: true);
    }

    /// <summary>Accessible members visible on the site's receiver, including inherited ones and, for calls, extension methods in scope.</summary>
    public static IEnumerable<ISymbol> LookupMembers(this SemanticModel model, MemberSite site) =>
        site.IsStaticAccess
            ? model.LookupStaticMembers(site.Identifier.SpanStart, site.Receiver)
            : model.LookupSymbols(site.Identifier.SpanStart, site.Receiver, includeReducedExtensionMethods: site.IsInvocation);

    /// <summary>True when the member is of the kind the use needs and takes the arguments it passes.</summary>
    public static bool Fits(ISymbol member, MemberSite site)
    {
        if (!member.CanBeReferencedByName || member.IsImplicitlyDeclared)
        {
            return false;
        }

        var reduced = member is IMethodSymbol { MethodKind: MethodKind.ReducedExtension };
        if (reduced && site.IsUnqualified)
        {
            return false;
        }

        // Inside an instance member a bare name may be static or not; everywhere else the access decides.
        var eitherKind = site.IsUnqualified && !site.IsStaticAccess;
        if (!reduced && !eitherKind && member.IsStatic != site.IsStaticAccess)
        {
            return false;
        }

        if (!site.IsInvocation)
        {
            // Without a call the use reads a value: a property, field or event, and those never take type arguments.
            return site.TypeArgumentCount is null && member is IPropertySymbol { IsIndexer: false } or IFieldSymbol or IEventSymbol;
        }

        return member is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ReducedExtension } method
            && (site.TypeArgumentCount is not { } arity || method.Arity == arity)
            && Accepts(method, site.ArgumentCount);
    }

    private static bool Accepts(IMethodSymbol method, int argumentCount)
    {
        var required = method.Parameters.Count(p => !p.IsOptional && !p.IsParams);
        var takesAnyNumber = method.Parameters.Any(p => p.IsParams);
        return argumentCount >= required && (takesAnyNumber || argumentCount <= method.Parameters.Length);
    }

    private static (ITypeSymbol? Type, bool IsStatic) ReceiverOf(ExpressionSyntax expression, SemanticModel model, CancellationToken ct) =>
        model.GetSymbolInfo(expression, ct).Symbol is ITypeSymbol type
            ? (type, true)
            : (model.GetTypeInfo(expression, ct).Type, false);

    private static ITypeSymbol? ConditionalReceiver(MemberBindingExpressionSyntax binding, SemanticModel model, CancellationToken ct)
    {
        var conditional = binding.Ancestors().OfType<ConditionalAccessExpressionSyntax>().FirstOrDefault(c => c.WhenNotNull.Span.Contains(binding.Span));
        var type = conditional is null ? null : model.GetTypeInfo(conditional.Expression, ct).Type;
        // x?.N on an int? looks N up on int, not on Nullable<int>.
        return type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
    }
}
