using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>The names by which code elsewhere reaches a declaration, and whether it can be reached from outside its type at all.</summary>
internal static class DeclaredNames
{
    private const string AttributeSuffix = "Attribute";

    // Members the compiler calls without their name written at the use: a deconstruction, a foreach, a collection initializer, an
    // await, a using, a query expression, an index or range, a delegate call, an entry point.
    private static readonly HashSet<string> CalledByPattern = new(StringComparer.Ordinal)
    {
        "Deconstruct", "GetEnumerator", "GetAsyncEnumerator", "MoveNext", "MoveNextAsync", "Current", "Add", "Dispose", "DisposeAsync",
        "GetAwaiter", "GetResult", "IsCompleted", "OnCompleted", "Select", "SelectMany", "Where", "Join", "GroupJoin", "OrderBy",
        "OrderByDescending", "ThenBy", "ThenByDescending", "GroupBy", "Cast", "GetPinnableReference", "Slice", "Length", "Count",
        "Invoke", "Main",
    };

    /// <summary>The names a use of the declaration would spell, or null when a use need not spell one (an operator, an indexer, a pattern member).</summary>
    public static IReadOnlyList<string>? Of(MemberDeclarationSyntax member)
    {
        List<string> names = member switch
        {
            // An attribute is used without its suffix; a record's positional parameters are properties of their own.
            BaseTypeDeclarationSyntax type => [.. WithoutAttributeSuffix(type.Identifier.ValueText), .. Positional(type)],
            DelegateDeclarationSyntax declaration => [declaration.Identifier.ValueText],
            MethodDeclarationSyntax method => [method.Identifier.ValueText],
            ConstructorDeclarationSyntax constructor => [constructor.Identifier.ValueText],
            PropertyDeclarationSyntax property => [property.Identifier.ValueText],
            EventDeclarationSyntax declaration => [declaration.Identifier.ValueText],
            BaseFieldDeclarationSyntax field => [.. field.Declaration.Variables.Select(v => v.Identifier.ValueText)],
            EnumMemberDeclarationSyntax value => [value.Identifier.ValueText],
            _ => [],
        };
        return names.Count == 0 || names.Any(name => name.Length == 0 || CalledByPattern.Contains(name)) ? null : names;
    }

    /// <summary>True when the declaration, or a type it is nested in, is private: nothing outside its type, let alone its project, can use it.</summary>
    public static bool IsPrivate(MemberDeclarationSyntax member) =>
        member.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().Any(OwnAccessIsPrivate);

    private static bool OwnAccessIsPrivate(MemberDeclarationSyntax member)
    {
        var modifiers = member.Modifiers;
        if (modifiers.Any(SyntaxKind.PrivateKeyword))
        {
            // private protected reaches derived types of the assembly, which its tests may declare.
            return !modifiers.Any(SyntaxKind.ProtectedKeyword);
        }

        if (modifiers.Any(SyntaxKind.PublicKeyword) || modifiers.Any(SyntaxKind.InternalKeyword) || modifiers.Any(SyntaxKind.ProtectedKeyword))
        {
            return false;
        }

        // Without a modifier, a class's, struct's or record's member is private, unless it implements an interface member explicitly
        // or is an operator (which must be public); an interface's or enum's member and a namespace's type never are.
        return member.Parent is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax
            && member is not (OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax)
            && member is not (MethodDeclarationSyntax { ExplicitInterfaceSpecifier: not null } or BasePropertyDeclarationSyntax { ExplicitInterfaceSpecifier: not null });
    }

    private static IEnumerable<string> WithoutAttributeSuffix(string name) =>
        name.Length > AttributeSuffix.Length && name.EndsWith(AttributeSuffix, StringComparison.Ordinal) ? [name, name[..^AttributeSuffix.Length]] : [name];

    private static IEnumerable<string> Positional(BaseTypeDeclarationSyntax type) =>
        type is TypeDeclarationSyntax { ParameterList: { } parameters } ? parameters.Parameters.Select(p => p.Identifier.ValueText) : [];
}
