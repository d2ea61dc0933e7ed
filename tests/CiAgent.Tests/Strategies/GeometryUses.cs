using CiAgent.Tests.EndToEnd;

namespace CiAgent.Tests.Strategies;

/// <summary>Edits to the Geometry fixture that make other projects use a library member, so a break in it reaches them.</summary>
internal static class GeometryUses
{
    /// <summary>The report app prints a rectangle's Width and a test asserts it: with Rectangle's own use, three projects use the property.</summary>
    public static void RectangleWidthInAppAndTests(FixtureRepository repository)
    {
        repository.Replace("src/Geometry.Report/Program.cs", "Console.Write(ShapeTable.Render(shapes));", "Console.Write(ShapeTable.Render(shapes));\nConsole.WriteLine($\"Widest: {new Rectangle(2, 3).Width}\");");
        repository.Replace("tests/Geometry.Tests/ShapeTests.cs", "    [Fact]\n    public void The_table", "    [Fact]\n    public void A_rectangle_keeps_its_width() => Assert.Equal(2, new Rectangle(2, 3).Width);\n\n    [Fact]\n    public void The_table");
    }
}
