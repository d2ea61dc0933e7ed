using System.Text.RegularExpressions;
using CiAgent.Context;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Tools;

/// <summary>Names and one-line signatures of C# declarations, read from syntax alone.</summary>
internal static partial class SymbolSignature
{
    /// <summary>The simple names a declaration is found by (several for "int a, b;"), or none for syntax that declares nothing findable.</summary>
    public static IEnumerable<string> NamesOf(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax type => [type.Identifier.ValueText],
        DelegateDeclarationSyntax d => [d.Identifier.ValueText],
        MethodDeclarationSyntax m => [m.Identifier.ValueText],
        ConstructorDeclarationSyntax c => [c.Identifier.ValueText],
        PropertyDeclarationSyntax p => [p.Identifier.ValueText],
        EventDeclarationSyntax e => [e.Identifier.ValueText],
        EnumMemberDeclarationSyntax e => [e.Identifier.ValueText],
        BaseFieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.ValueText),
        _ => [],
    };

    /// <summary>A one-line signature such as "public int Add(int a, int b)" or "public sealed class Calculator : ICalculator".</summary>
    public static string Of(SyntaxNode node, string name)
    {
        var text = node switch
        {
            TypeDeclarationSyntax type => $"{Modifiers(type.Modifiers)}{TypeKind(type)} {type.Identifier.ValueText}{type.TypeParameterList}{type.ParameterList}{BaseList(type.BaseList)}",
            EnumDeclarationSyntax e => $"{Modifiers(e.Modifiers)}enum {e.Identifier.ValueText}{BaseList(e.BaseList)}",
            DelegateDeclarationSyntax d => $"{Modifiers(d.Modifiers)}delegate {d.ReturnType} {d.Identifier.ValueText}{d.TypeParameterList}{d.ParameterList}",
            MethodDeclarationSyntax m => $"{Modifiers(m.Modifiers)}{m.ReturnType} {m.ExplicitInterfaceSpecifier}{m.Identifier.ValueText}{m.TypeParameterList}{m.ParameterList}",
            ConstructorDeclarationSyntax c => $"{Modifiers(c.Modifiers)}{c.Identifier.ValueText}{c.ParameterList}",
            PropertyDeclarationSyntax p => $"{Modifiers(p.Modifiers)}{p.Type} {p.ExplicitInterfaceSpecifier}{p.Identifier.ValueText} {Accessors(p.AccessorList, p.ExpressionBody)}",
            EventDeclarationSyntax e => $"{Modifiers(e.Modifiers)}event {e.Type} {e.Identifier.ValueText}",
            EventFieldDeclarationSyntax e => $"{Modifiers(e.Modifiers)}event {e.Declaration.Type} {name}",
            FieldDeclarationSyntax f => $"{Modifiers(f.Modifiers)}{f.Declaration.Type} {name}",
            EnumMemberDeclarationSyntax e => $"{e.Identifier.ValueText}{e.EqualsValue}",
            _ => node.ToString(),
        };

        // Parameter lists and base lists may span lines in the source; one line reads better in a list of hits.
        return Whitespace().Replace(text, " ").Trim();
    }

    /// <summary>Describes the type a member is declared in, such as "in class Calculator", or an empty string at namespace level.</summary>
    public static string ContainerOf(SyntaxNode node)
    {
        var container = node.Parent?.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault();
        return container is null ? string.Empty : $"in {Kind(container)} {container.Identifier.ValueText}";
    }

    private static string Kind(BaseTypeDeclarationSyntax type) => type is TypeDeclarationSyntax t ? TypeKind(t) : "enum";

    private static string TypeKind(TypeDeclarationSyntax type) => type switch
    {
        RecordDeclarationSyntax r when r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
        RecordDeclarationSyntax => "record",
        _ => type.Keyword.ValueText,
    };

    private static string Modifiers(SyntaxTokenList modifiers) =>
        modifiers.Count == 0 ? string.Empty : string.Join(' ', modifiers.Select(m => m.ValueText)) + " ";

    private static string BaseList(BaseListSyntax? list) => list is null ? string.Empty : $" : {string.Join(", ", list.Types)}";

    private static string Accessors(AccessorListSyntax? list, ArrowExpressionClauseSyntax? body)
    {
        if (list is null)
        {
            return body is null ? string.Empty : "{ get; }";
        }

        var accessors = list.Accessors.Select(a => $"{Modifiers(a.Modifiers)}{a.Keyword.ValueText};");
        return $"{{ {string.Join(' ', accessors)} }}";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
