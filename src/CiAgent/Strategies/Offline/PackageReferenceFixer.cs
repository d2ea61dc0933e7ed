using CiAgent.Context;
using Microsoft.CodeAnalysis;

namespace CiAgent.Strategies.Offline;

/// <summary>Proposes the PackageReference a sibling project already has when exactly one such package declares the missing type or namespace.</summary>
internal sealed class PackageReferenceFixer(SolutionProjects solution)
{
    /// <summary>The fixer's name in reports.</summary>
    public const string FixerName = "package-reference";

    private readonly Dictionary<string, PublicDeclarations> _assemblies = new(StringComparer.Ordinal);

    /// <summary>One proposal per package that alone answers some of the missing names.</summary>
    public IReadOnlyList<ReferenceProposal> Propose(ProjectCompilation project, IReadOnlyList<MissingName> missing)
    {
        var self = project.ProjectPath;
        if (PackageAssets.Of(self) is not { } own)
        {
            return [];
        }

        var siblings = solution.All.Where(p => p != self).Select(p => (Project: p, Assets: PackageAssets.Of(p))).Where(s => s.Assets is not null).ToList();
        var byPackage = new Dictionary<string, (string Sibling, PackageAssets Assets, List<MissingName> Names)>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in missing)
        {
            // A package whose own assemblies declare the name beats one that only brings it along (xunit.assert over xunit); then exactly one must remain.
            var offers = siblings
                .SelectMany(s => s.Assets!.Direct.Where(id => !own.Direct.Contains(id, StringComparer.OrdinalIgnoreCase)).Select(id => (s.Project, Assets: s.Assets!, Id: id)))
                .Select(o => (o.Project, o.Assets, o.Id, Own: Declares(o.Assets.OwnAssemblies(o.Id), name), Through: Declares(o.Assets.CompileAssemblies(o.Id), name)))
                .Where(o => o.Through)
                .ToList();
            var best = offers.Any(o => o.Own) ? offers.Where(o => o.Own).ToList() : offers;
            var ids = best.Select(o => o.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (ids.Count != 1)
            {
                continue;
            }

            var chosen = best.First();
            (byPackage.TryGetValue(ids[0], out var entry) ? entry : byPackage[ids[0]] = (chosen.Project, chosen.Assets, [])).Names.Add(name);
        }

        var proposals = new List<ReferenceProposal>();
        foreach (var (id, (sibling, assets, names)) in byPackage)
        {
            var versions = siblings.Select(s => s.Assets!).Where(a => a.Direct.Contains(id, StringComparer.OrdinalIgnoreCase)).Select(a => a.VersionOf(id)).OfType<string>().Distinct().ToList();
            // Siblings on different versions leave the choice to a person; under central management the version lives in Directory.Packages.props.
            if (versions.Count != 1 || (own.CentrallyManaged && !CentralPackages.Declares(self, id)))
            {
                continue;
            }

            var have = project.Compilation.References.OfType<PortableExecutableReference>()
                .Select(r => Path.GetFileName(r.FilePath)).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            var gained = assets.CompileAssemblies(id)
                .Where(path => File.Exists(path) && !have.Contains(Path.GetFileName(path)))
                .Select(path => (MetadataReference)MetadataReferences.FromFile(path, MetadataReferenceProperties.Assembly))
                .ToList();
            var what = string.Join(", ", names.Select(n => n.FullName).Distinct(StringComparer.Ordinal));
            proposals.Add(new ReferenceProposal(
                FixerName,
                names[0].Error,
                $"Added a reference to package {id} {versions[0]} for {what}, as {Path.GetFileName(sibling)} has",
                "PackageReference",
                id,
                own.CentrallyManaged ? [] : [("Version", versions[0])],
                gained));
        }

        return proposals;
    }

    private bool Declares(IEnumerable<string> assemblies, MissingName name) =>
        assemblies.Any(path =>
        {
            if (!_assemblies.TryGetValue(path, out var declarations))
            {
                declarations = _assemblies[path] = PublicDeclarations.OfAssembly(path);
            }

            return declarations.Answer(name);
        });
}
