using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Processes;
using CiAgent.Strategies.Offline;
using CiAgent.Tests.EndToEnd;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Serilog.Core;

namespace CiAgent.Tests.Strategies;

/// <summary>Runs the dependency engine on one project of a fixture repository that was restored for real, without a whole heal around it.</summary>
internal static class RestoredFixture
{
    /// <summary>Restores the fixture for real, so the loader could load any project the fixer picked, then compiles one project's own files in memory and runs the dependency engine on it.</summary>
    public static async Task<OfflineFixOutcome> HealAsync(FixtureRepository repository, string projectFolder)
    {
        var restore = await new ExternalCommand("dotnet").WithArguments(["restore", "-nologo"]).WithWorkingDirectory(repository.Root).ExecuteAsync();
        Assert.True(restore.Succeeded, restore.StandardOutput);
        var workspace = await RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, false, Logger.None, CancellationToken.None);
        var folder = Path.Combine(repository.Root, projectFolder);
        var project = Directory.GetFiles(folder, "*.csproj").Single();
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var implicitUsings = CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq;", options, Path.Combine(folder, "obj", "GlobalUsings.g.cs"));
        var trees = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), options, file))
            .Append(implicitUsings);
        var outputKind = File.ReadAllText(project).Contains("<OutputType>Exe</OutputType>", StringComparison.Ordinal) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(project), trees, InMemoryProject.Compile().References, new CSharpCompilationOptions(outputKind));
        return await new DependencyFixEngine(workspace, new ProjectCompilationLoader(TimeSpan.FromMinutes(5))).RunAsync(new ProjectCompilation(project, "net10.0", compilation), CancellationToken.None);
    }
}
