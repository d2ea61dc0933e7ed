using CiAgent.Context;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Tests.Context;

/// <summary>Which members a test reaches, bound in a real Roslyn compilation of files on disk.</summary>
public sealed class CallWalkerTests : IDisposable
{
    private const string Shapes = """
        namespace Shop;

        public interface IShape { double Area(); }

        public abstract class Polygon : IShape
        {
            public abstract double Area();

            protected static double Half(double value) => value / 2;
        }

        public sealed class Square(double side) : Polygon
        {
            public override double Area() => side * side;
        }

        public sealed class Triangle(double b, double h) : Polygon
        {
            public override double Area() => Half(b * h);
        }

        public sealed class Circle(double r) : IShape
        {
            public double Area() => 3.14 * r * r;
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("ciagent-walker-").FullName;

    [Fact]
    public void A_call_on_a_local_made_with_new_shows_the_override_that_runs_first_on_the_failing_line_then_what_it_calls()
    {
        var members = Walk(focusLine: 8, test: """
            namespace Shop.Tests;

            public class ShapeTests
            {
                public void Test()
                {
                    IShape shape = new Triangle(2, 3);
                    var area = shape.Area();
                }
            }
            """);

        Assert.Equal(["ShapeTests.Test()", "Triangle.Area()", "Triangle.Triangle(double, double)", "Polygon.Half(double)"], members.Select(m => m.Name));
        Assert.Equal([0, 1, 1, 2], members.Select(m => m.Depth));
    }

    [Fact]
    public void A_call_whose_receiver_is_not_known_exactly_shows_what_is_certain_first_then_the_possible_implementations()
    {
        var members = Walk(focusLine: 0, test: """
            namespace Shop.Tests;

            public class ShapeTests
            {
                public void Test(IShape shape)
                {
                    var area = shape.Area();
                    Check(area);
                }

                private static void Check(double area) { }
            }
            """);

        var direct = members.Where(m => m.Depth == 1).Select(m => m.Name).ToList();
        Assert.Equal(["IShape.Area()", "ShapeTests.Check(double)"], direct.Take(2));
        Assert.All(["Square.Area()", "Triangle.Area()", "Circle.Area()"], name => Assert.Contains(name, direct.Skip(2)));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IReadOnlyList<CalledMember> Walk(int focusLine, string test)
    {
        var trees = new[] { ("src/Shapes.cs", Shapes), ("tests/ShapeTests.cs", test) }.Select(file =>
        {
            var path = Path.Combine(_root, file.Item1);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Item2);
            return CSharpSyntaxTree.ParseText(file.Item2, path: path);
        });
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Shop", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var method = compilation.GetSymbolsWithName("Test", SymbolFilter.Member).Single();
        return new CallWalker([compilation], _root).Walk([new CallRoot(method, method.ContainingType, focusLine)]);
    }
}
