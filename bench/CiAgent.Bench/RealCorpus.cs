using System.Text.Json;

namespace CiAgent.Bench;

/// <summary>The real-code corpus, cases.json in its folder (outside this repository): its repositories and their breakages.</summary>
public sealed record RealCorpus(IReadOnlyList<CorpusRepository> Repositories, IReadOnlyList<RealCase> Cases)
{
    /// <summary>The name of the branch that holds each bundle's green baseline.</summary>
    public const string BaselineBranch = "baseline";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the manifest from a file.</summary>
    public static RealCorpus Load(string path) =>
        JsonSerializer.Deserialize<RealCorpus>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>The repository a case breaks.</summary>
    public CorpusRepository RepositoryOf(RealCase realCase) =>
        Repositories.SingleOrDefault(r => r.Name == realCase.Repository) ?? throw new InvalidDataException($"{realCase.Id} names no known repository '{realCase.Repository}'.");

    /// <summary>The cases with the given ids, in manifest order; ids of other corpora are ignored, so one --cases list serves both.</summary>
    public IReadOnlyList<RealCase> Select(IReadOnlyCollection<string>? ids) =>
        ids is null || ids.Count == 0 ? Cases : [.. Cases.Where(c => ids.Contains(c.Id))];
}
