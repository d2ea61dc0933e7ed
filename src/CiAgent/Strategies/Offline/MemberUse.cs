using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>Reads member uses out of syntax and checks which existing members could take their place.</summary>
internal static class MemberUse
{
    /// <summary>Finds the use an error points at: value.N, Type.N, value?.N or N in an object initializer.</summary>
    public static MemberSite? Locate(Diagnostic error, SemanticModel model, CancellationToken ct)
    {
        var root = model.SyntaxTree.GetRoot(ct);
        if (root.FindNode(error.Location.SourceSpan, getInnermostNodeForTie: true) is not SimpleNameSyntax name)
        {
            return null;
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
        if (!reduced && member.IsStatic != site.IsStaticAccess)
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
