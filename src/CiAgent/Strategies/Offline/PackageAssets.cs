using System.Text.Json;

namespace CiAgent.Strategies.Offline;

/// <summary>What NuGet restore resolved for one project (obj/project.assets.json): its direct packages, every package's version and compile assemblies.</summary>
internal sealed class PackageAssets
{
    private readonly Dictionary<string, (string Version, string[] Dependencies, string[] Compile)> _packages = new(StringComparer.OrdinalIgnoreCase);

    private PackageAssets()
    {
    }

    /// <summary>Ids of the packages the project references itself (implicit SDK packages aside).</summary>
    public IReadOnlyList<string> Direct { get; private set; } = [];

    /// <summary>True when the project restored under central package management.</summary>
    public bool CentrallyManaged { get; private set; }

    /// <summary>Reads the assets file restore wrote for a project, or null when there is none to read.</summary>
    public static PackageAssets? Of(string project)
    {
        var path = Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The resolved version of a package, or null when restore did not resolve it for this project.</summary>
    public string? VersionOf(string id) => _packages.TryGetValue(id, out var package) ? package.Version : null;

    /// <summary>Full paths of the compile assemblies a package and everything it depends on give a project.</summary>
    public IReadOnlyList<string> CompileAssemblies(string id)
    {
        var assemblies = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([id]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current) || !_packages.TryGetValue(current, out var package))
            {
                continue;
            }

            assemblies.AddRange(package.Compile);
            foreach (var dependency in package.Dependencies)
            {
                pending.Push(dependency);
            }
        }

        return assemblies;
    }

    /// <summary>Full paths of the compile assemblies of the package itself, without its dependencies.</summary>
    public IReadOnlyList<string> OwnAssemblies(string id) => _packages.TryGetValue(id, out var package) ? package.Compile : [];

    private static PackageAssets Read(JsonElement root)
    {
        var assets = new PackageAssets();
        var folder = root.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name).FirstOrDefault() ?? string.Empty;
        var paths = root.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Value.TryGetProperty("path", out _))
            .ToDictionary(l => l.Name, l => l.Value.GetProperty("path").GetString()!, StringComparer.OrdinalIgnoreCase);

        // The first target framework stands for all of them, as the in-memory compilation does.
        var target = root.GetProperty("targets").EnumerateObject().FirstOrDefault();
        if (target.Value.ValueKind == JsonValueKind.Object)
        {
            foreach (var library in target.Value.EnumerateObject().Where(l => l.Value.TryGetProperty("type", out var type) && type.GetString() == "package"))
            {
                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                var (id, version) = (library.Name[..slash], library.Name[(slash + 1)..]);
                var dependencies = library.Value.TryGetProperty("dependencies", out var deps) ? deps.EnumerateObject().Select(d => d.Name).ToArray() : [];
                var compile = library.Value.TryGetProperty("compile", out var files) && paths.TryGetValue(library.Name, out var packagePath)
                    ? files.EnumerateObject()
                        .Select(f => f.Name)
                        // "_._" marks a framework that needs no assembly from the package.
                        .Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                        .Select(f => Path.GetFullPath(Path.Combine(folder, packagePath, f)))
                        .ToArray()
                    : [];
                assets._packages[id] = (version, dependencies, compile);
            }
        }

        var project = root.GetProperty("project");
        var framework = project.GetProperty("frameworks").EnumerateObject().FirstOrDefault();
        if (framework.Value.ValueKind == JsonValueKind.Object && framework.Value.TryGetProperty("dependencies", out var direct))
        {
            assets.Direct = [.. direct.EnumerateObject()
                .Where(d => !(d.Value.TryGetProperty("autoReferenced", out var auto) && auto.GetBoolean()))
                .Where(d => !d.Value.TryGetProperty("target", out var kind) || kind.GetString() == "Package")
                .Select(d => d.Name)];
        }

        assets.CentrallyManaged = project.TryGetProperty("restore", out var restore)
            && restore.TryGetProperty("centralPackageVersionsManagementEnabled", out var central)
            && central.ValueKind == JsonValueKind.True;
        return assets;
    }
}
