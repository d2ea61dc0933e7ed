using CiAgent.Strategies.Offline;

namespace CiAgent.Tests.Strategies;

public sealed class MissingUsingFixerTests
{
    private static readonly MissingUsingFixer Fixer = new();

    [Fact]
    public void I_can_add_a_missing_using_for_a_BCL_type()
    {
        const string source = "using System;\nusing System.Collections.Generic;\n\nnamespace App;\n\npublic class C\n{\n    public string M() => new StringBuilder().Append(1).ToString();\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Equal(
            "using System;\nusing System.Collections.Generic;\nusing System.Text;\n\nnamespace App;\n\npublic class C\n{\n    public string M() => new StringBuilder().Append(1).ToString();\n}\n",
            outcome.TextOf("C.cs"));
        Assert.Empty(outcome.ErrorsAfter);
        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("missing-using", fix.FixerName);
        Assert.Equal("CS0246", fix.Code);
        Assert.Equal(InMemoryProject.PathOf("C.cs"), fix.FilePath);
        Assert.Equal(8, fix.Line);
        Assert.Equal("Added `using System.Text;` for StringBuilder", fix.Description);
    }

    [Fact]
    public void The_inserted_line_uses_the_files_CRLF_line_ending()
    {
        const string source = "using System;\r\n\r\nnamespace App\r\n{\r\n    public class C\r\n    {\r\n        public bool M(string s) => Regex.IsMatch(s, \"a+\");\r\n    }\r\n}\r\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        var text = outcome.TextOf("C.cs");
        Assert.StartsWith("using System;\r\nusing System.Text.RegularExpressions;\r\n\r\nnamespace App\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("CS0103", Assert.Single(outcome.Accepted).Code);
    }

    [Fact]
    public void A_static_class_used_as_a_receiver_gets_its_namespace_imported()
    {
        const string source = "namespace App;\n\npublic static class Files\n{\n    public static string Log(string dir) => Path.Combine(dir, \"log.txt\");\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Files.cs", source));

        Assert.Equal("using System.IO;\n\nnamespace App;\n\npublic static class Files\n{\n    public static string Log(string dir) => Path.Combine(dir, \"log.txt\");\n}\n", outcome.TextOf("Files.cs"));
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_generic_type_is_found_by_its_arity()
    {
        const string source = "using System;\n\nnamespace App;\n\npublic class C\n{\n    public ImmutableArray<int> Items { get; } = ImmutableArray<int>.Empty;\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Contains("using System;\nusing System.Collections.Immutable;\n", outcome.TextOf("C.cs"), StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
        Assert.Single(outcome.Accepted);
    }

    [Theory]
    [InlineData("[Audited]")]
    [InlineData("[AuditedAttribute]")]
    public void An_attribute_is_found_with_or_without_its_Attribute_suffix(string usage)
    {
        const string attribute = "namespace Acme.Annotations;\n\npublic sealed class AuditedAttribute : System.Attribute { }\n";
        var source = $"namespace App;\n\n{usage}\npublic class C {{ }}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Audited.cs", attribute), ("C.cs", source));

        Assert.Equal($"using Acme.Annotations;\n\nnamespace App;\n\n{usage}\npublic class C {{ }}\n", outcome.TextOf("C.cs"));
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void An_extension_method_from_another_namespace_of_the_project_is_imported()
    {
        const string extensions = "namespace Acme.Text\n{\n    public static class StringExtensions\n    {\n        public static string Shout(this string s) => s.ToUpperInvariant();\n    }\n}\n\nnamespace Acme.Numbers\n{\n    public static class IntExtensions\n    {\n        public static int Shout(this int i) => i * 10;\n    }\n}\n";
        const string source = "namespace App;\n\npublic class C\n{\n    public string M() => \"hi\".Shout();\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Extensions.cs", extensions), ("C.cs", source));

        // Acme.Numbers also declares Shout, but for int: only the extension that applies to string counts.
        Assert.StartsWith("using Acme.Text;\n\nnamespace App;\n", outcome.TextOf("C.cs"), StringComparison.Ordinal);
        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("CS1061", fix.Code);
        Assert.Equal("Added `using Acme.Text;` for Shout", fix.Description);
    }

    [Fact]
    public void A_CSharp_14_extension_block_member_is_imported()
    {
        const string extensions = "namespace Acme.Blocks;\n\npublic static class Quiet\n{\n    extension(string s)\n    {\n        public string Whisper() => s.ToLowerInvariant();\n    }\n}\n";
        const string source = "namespace App;\n\npublic class C\n{\n    public string M() => \"HI\".Whisper();\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Quiet.cs", extensions), ("C.cs", source));

        Assert.StartsWith("using Acme.Blocks;\n", outcome.TextOf("C.cs"), StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void An_ambiguous_type_name_gets_no_fix()
    {
        const string widgets = "namespace Acme.Ui { public class Widget { } }\nnamespace Acme.Store { public class Widget { } }\n";
        const string source = "namespace App;\n\npublic class C\n{\n    public Widget? W { get; set; }\n}\n";
        var compilation = InMemoryProject.Compile(("Widgets.cs", widgets), ("C.cs", source));

        Assert.Empty(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None));
        var outcome = new OfflineFixEngine([Fixer]).Run(compilation, CancellationToken.None);
        Assert.Empty(outcome.Accepted);
        Assert.Empty(outcome.ChangedFiles);
    }

    // GuardClauses' shape: JetBrains' internal NotNullAttribute sits beside the framework's (and its own file uses it), and no using of
    // the broken file decides.
    private const string JetBrainsNotNull = "namespace JetBrains.Annotations\n{\n    [System.AttributeUsage(System.AttributeTargets.All)]\n    internal sealed class NotNullAttribute : System.Attribute { }\n\n    internal sealed class ValueProviderAttribute : System.Attribute\n    {\n        public ValueProviderAttribute([NotNull] string name) { }\n    }\n}\n";
    private const string GuardLostItsUsing = "namespace Guards;\n\npublic static class NotFound\n{\n    public static T Check<T>([NotNull] T? input) where T : class => input!;\n}\n";

    private static string Sibling(string name, string import) =>
        $"using {import};\n\nnamespace Guards;\n\npublic static class {name}\n{{\n    public static T Check<T>([NotNull] T? input) where T : class => input!;\n}}\n";

    [Fact]
    public void A_type_in_two_namespaces_is_settled_by_what_the_same_name_binds_to_in_the_projects_other_files()
    {
        var compilation = InMemoryProject.Compile(("Annotations.cs", JetBrainsNotNull), ("Null.cs", Sibling("Null", "System.Diagnostics.CodeAnalysis")), ("NotFound.cs", GuardLostItsUsing));

        var outcome = new OfflineFixEngine([Fixer]).Run(compilation, CancellationToken.None);

        Assert.Equal("using System.Diagnostics.CodeAnalysis;\n\n" + GuardLostItsUsing, outcome.TextOf("NotFound.cs"));
        Assert.Equal("Added `using System.Diagnostics.CodeAnalysis;` for NotNull (as the project's other files use it; also in JetBrains.Annotations)", Assert.Single(outcome.Accepted).Description);
    }

    [Fact]
    public void A_type_in_two_namespaces_that_the_projects_other_files_bind_both_ways_is_left_alone()
    {
        var compilation = InMemoryProject.Compile(
            ("Annotations.cs", JetBrainsNotNull),
            ("Null.cs", Sibling("Null", "System.Diagnostics.CodeAnalysis")),
            ("Empty.cs", Sibling("Empty", "JetBrains.Annotations")),
            ("NotFound.cs", GuardLostItsUsing));

        var outcome = new OfflineFixEngine([Fixer]).Run(compilation, CancellationToken.None);

        Assert.Empty(outcome.Accepted);
        Assert.Empty(outcome.ChangedFiles);
    }

    [Fact]
    public void A_type_in_two_namespaces_is_settled_by_the_imported_parent_of_one_of_them()
    {
        // Ardalis.Result's shape: the file lost `using FluentValidation.Results;` but kept `using FluentValidation;`, and the
        // framework's System.ComponentModel.DataAnnotations declares a ValidationResult too.
        const string source = "using System.Collections.Generic;\nusing System.Linq;\nusing FluentValidation;\n\nnamespace Ardalis.Result.FluentValidation;\n\npublic static class FluentValidationResultExtensions\n{\n    public static List<string> AsErrors(this ValidationResult result) => result.Errors.Select(e => e.ErrorMessage).ToList();\n}\n";

        var outcome = new OfflineFixEngine([Fixer]).Run(InMemoryProject.Compile([FluentValidation()], ("Extensions.cs", source)), CancellationToken.None);

        Assert.Equal(source.Replace("using FluentValidation;\n", "using FluentValidation;\nusing FluentValidation.Results;\n", StringComparison.Ordinal), outcome.TextOf("Extensions.cs"));
        Assert.Equal("Added `using FluentValidation.Results;` for ValidationResult (nearest FluentValidation; also in System.ComponentModel.DataAnnotations)", Assert.Single(outcome.Accepted).Description);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_type_in_two_namespaces_is_settled_by_the_files_own_namespace()
    {
        // Acme.Store.Models shares Acme.Store with the file's namespace, Acme.Ui only Acme.
        const string widgets = "namespace Acme.Ui { public class Widget { } }\nnamespace Acme.Store.Models { public class Widget { public int Stock { get; set; } } }\n";
        const string source = "namespace Acme.Store.Checkout;\n\npublic class Basket\n{\n    public int Count(Widget w) => w.Stock;\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Widgets.cs", widgets), ("Basket.cs", source));

        Assert.StartsWith("using Acme.Store.Models;\n\nnamespace Acme.Store.Checkout;\n", outcome.TextOf("Basket.cs"), StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Theory]
    [InlineData("using System.Collections.Generic;\nusing System.Linq;\n", "ValidationResult", "Errors.Count")]
    [InlineData("using Acme.Data;\n", "Widget", "GetHashCode()")]
    public void A_type_in_two_namespaces_without_one_clearly_nearer_what_the_file_uses_is_left_alone(string usings, string type, string member)
    {
        // Sharing only System with DataAnnotations is no hint; Acme.Ui and Acme.Store are equally near Acme.Data.
        const string widgets = "namespace Acme.Data { public class Row { } }\nnamespace Acme.Ui { public class Widget { } }\nnamespace Acme.Store { public class Widget { } }\n";
        var source = $"{usings}\nnamespace App;\n\npublic class C\n{{\n    public object M({type} x) => x.{member};\n}}\n";
        var compilation = InMemoryProject.Compile([FluentValidation()], ("Widgets.cs", widgets), ("C.cs", source));
        Assert.Contains(compilation.Errors(), e => e.Id == "CS0246");

        Assert.Empty(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None));
        Assert.Empty(new OfflineFixEngine([Fixer]).Run(compilation, CancellationToken.None).Accepted);
    }

    [Fact]
    public void A_file_with_a_header_and_nullable_directive_gets_the_using_below_them()
    {
        const string source = "// Copyright (c) Acme.\n// Licensed under MIT.\n\n#nullable enable\n\nnamespace App;\n\npublic class C\n{\n    public StringBuilder B { get; } = new();\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Equal(
            "// Copyright (c) Acme.\n// Licensed under MIT.\n\n#nullable enable\n\nusing System.Text;\n\nnamespace App;\n\npublic class C\n{\n    public StringBuilder B { get; } = new();\n}\n",
            outcome.TextOf("C.cs"));
    }

    [Fact]
    public void A_file_without_usings_or_namespace_gets_the_using_above_the_doc_comment()
    {
        const string source = "/// <summary>Builds text.</summary>\npublic class C\n{\n    public StringBuilder B { get; } = new();\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Equal("using System.Text;\n\n/// <summary>Builds text.</summary>\npublic class C\n{\n    public StringBuilder B { get; } = new();\n}\n", outcome.TextOf("C.cs"));
    }

    [Fact]
    public void Usings_inside_a_namespace_block_receive_the_new_one_in_order()
    {
        const string source = "namespace App\n{\n    using System;\n    using System.Linq;\n\n    public class C\n    {\n        public StringBuilder B { get; } = new();\n    }\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.StartsWith("namespace App\n{\n    using System;\n    using System.Linq;\n    using System.Text;\n\n", outcome.TextOf("C.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Many_errors_from_one_namespace_give_one_proposal_that_adds_the_using_once()
    {
        const string first = "namespace App;\n\npublic class A\n{\n    public StringBuilder B { get; } = new();\n    public Encoding E => Encoding.UTF8;\n}\n";
        const string second = "using System;\n\nnamespace App;\n\npublic class B\n{\n    public StringBuilder S { get; } = new();\n}\n";
        var compilation = InMemoryProject.Compile(("A.cs", first), ("B.cs", second));

        var proposals = Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None).ToList();

        var fix = proposals[0];
        Assert.Equal(2, fix.ChangedDocuments.Count);
        Assert.Equal("Added `using System.Text;` for StringBuilder, Encoding", fix.Description);
        Assert.Equal(2, fix.ChangedDocuments[InMemoryProject.PathOf("A.cs")].Split("using System.Text;").Length);
        // After the proposal for both files come the fallbacks, one per file; Assert.All alone would pass if they were gone.
        Assert.Equal(3, proposals.Count);
        Assert.All(proposals.Skip(1), p => Assert.Single(p.ChangedDocuments));
        var outcome = new OfflineFixEngine([Fixer]).Run(compilation, CancellationToken.None);
        Assert.Single(outcome.Accepted);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_type_hidden_by_an_internal_type_of_the_same_name_in_a_reference_gets_its_using_back()
    {
        // The library's own Shop.LabelPrinter is internal, so without the using the compiler finds it first and says CS0122.
        var library = InMemoryProject.Compile("Lib", [], ("Lib/LabelPrinter.cs", "namespace Shop;\n\ninternal class LabelPrinter { }\n"));
        const string printer = "namespace Shop.Text;\n\npublic class LabelPrinter\n{\n    public string Format(int n) => n.ToString();\n}\n";
        const string label = "namespace Shop;\n\npublic class Label\n{\n    public string M() => new LabelPrinter().Format(1);\n}\n";
        var compilation = InMemoryProject.Compile([library.ToMetadataReference()], ("LabelPrinter.cs", printer), ("Label.cs", label));
        Assert.Equal("CS0122", Assert.Single(compilation.Errors()).Id);

        var outcome = new OfflineFixEngine([Fixer]).Run(compilation, CancellationToken.None);

        Assert.Equal("using Shop.Text;\n\n" + label, outcome.TextOf("Label.cs"));
        Assert.Equal("CS0122", Assert.Single(outcome.Accepted).Code);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void An_ambiguous_name_is_settled_with_an_alias_for_the_projects_own_type()
    {
        const string timer = "namespace App.Models;\n\npublic class Timer\n{\n    public int Ticks { get; set; }\n}\n";
        const string clock = "using System.Threading;\nusing App.Models;\n\nnamespace App;\n\npublic class Clock\n{\n    public int Ticks(Timer t) => t.Ticks;\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Timer.cs", timer), ("Clock.cs", clock));

        Assert.Equal("using System.Threading;\nusing App.Models;\nusing Timer = App.Models.Timer;\n\nnamespace App;\n\npublic class Clock\n{\n    public int Ticks(Timer t) => t.Ticks;\n}\n", outcome.TextOf("Clock.cs"));
        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("CS0104", fix.Code);
        Assert.Equal("Added `using Timer = App.Models.Timer;` for Timer", fix.Description);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void An_ambiguity_between_two_types_the_project_does_not_declare_is_left_alone()
    {
        const string clock = "using System.Threading;\nusing System.Timers;\n\nnamespace App;\n\npublic class Clock\n{\n    public object? Current(Timer t) => t;\n}\n";
        var compilation = InMemoryProject.Compile(("Clock.cs", clock));
        Assert.Contains(compilation.Errors(), e => e.Id == "CS0104");

        Assert.Empty(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None));
    }

    // A stand-in for the FluentValidation package: its ValidationResult and the root namespace files import.
    private static Microsoft.CodeAnalysis.MetadataReference FluentValidation() =>
        InMemoryProject.Compile("FluentValidation", [], ("FluentValidation/Validator.cs", "namespace FluentValidation\n{\n    public abstract class AbstractValidator<T> { }\n}\n\nnamespace FluentValidation.Results\n{\n    public class ValidationFailure\n    {\n        public string ErrorMessage { get; set; } = \"\";\n    }\n\n    public class ValidationResult\n    {\n        public System.Collections.Generic.List<ValidationFailure> Errors { get; } = new();\n    }\n}\n")).ToMetadataReference();
}
