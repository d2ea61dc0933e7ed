using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CiAgent.Context;

/// <summary>
/// Which body a virtual or interface call runs. C# binds <c>new BulkDiscount(…).DiscountFor(o)</c> to the member as first
/// declared (the interface's or the base class's), which has no body or the wrong one; when the receiver's type is known
/// exactly, the override in that type is the member that runs.
/// </summary>
internal static class DispatchTarget
{
    /// <summary>The member that runs for a call of <paramref name="target"/> on <paramref name="receiver"/> (the target itself when that cannot be told), and the receiver's exact type when known.</summary>
    public static (ISymbol Member, INamedTypeSymbol? Exact) Resolve(ISymbol target, IOperation? receiver, INamedTypeSymbol? thisType, SemanticModel model)
    {
        // A constructor's receiver is the `new` itself; a `: base(…)` call has none, and there `this` is not exactly the base type.
        var exact = target.IsStatic ? null : ExactType(receiver, thisType, model);
        return (Dispatched(target) && exact is not null ? ImplementationIn(exact, target) ?? target : target, exact);
    }

    /// <summary>True for a member whose body is chosen at run time: abstract, virtual, an override or an interface member.</summary>
    public static bool Dispatched(ISymbol member) =>
        member is IMethodSymbol or IPropertySymbol && !member.IsStatic
        && (member.IsAbstract || member.IsVirtual || member.IsOverride || member.ContainingType?.TypeKind == TypeKind.Interface);

    /// <summary>The member of the type (or its bases) that implements or overrides the target, or null.</summary>
    public static ISymbol? ImplementationIn(INamedTypeSymbol type, ISymbol target)
    {
        if (target.ContainingType?.TypeKind == TypeKind.Interface)
        {
            // The implementing member may be a base class's virtual or abstract one, overridden further down.
            var implementation = type.FindImplementationForInterfaceMember(target);
            return implementation is { IsAbstract: true } or { IsVirtual: true } or { IsOverride: true } ? ImplementationIn(type, implementation) : implementation;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers(target.Name).FirstOrDefault(member => Overrides(member, target)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool Overrides(ISymbol member, ISymbol target)
    {
        for (ISymbol? current = member; current is not null; current = Overridden(current))
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? Overridden(ISymbol member) => member switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };

    // Exact when the receiver is a `new`, a local initialised with a `new`, `this` inside a member reached from an exact type, or of a sealed type.
    private static INamedTypeSymbol? ExactType(IOperation? receiver, INamedTypeSymbol? thisType, SemanticModel model)
    {
        receiver = WithoutConversions(receiver);
        return receiver switch
        {
            IObjectCreationOperation creation => creation.Type as INamedTypeSymbol,
            IInstanceReferenceOperation => thisType,
            ILocalReferenceOperation local when InitialValue(local.Local, model) is IObjectCreationOperation creation => creation.Type as INamedTypeSymbol,
            { Type: INamedTypeSymbol { IsSealed: true } sealedType } => sealedType,
            _ => null,
        };
    }

    private static IOperation? InitialValue(ILocalSymbol local, SemanticModel model)
    {
        var declarator = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as VariableDeclaratorSyntax;
        return declarator?.Initializer is { } initializer && declarator.SyntaxTree == model.SyntaxTree
            ? WithoutConversions(model.GetOperation(initializer.Value))
            : null;
    }

    private static IOperation? WithoutConversions(IOperation? operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
