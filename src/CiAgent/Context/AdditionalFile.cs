using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Context;

/// <summary>An additional file the compiler's command line names (AdditionalFiles), read from disk when an analyzer or generator asks.</summary>
internal sealed class AdditionalFile(string path) : AdditionalText
{
    public override string Path => path;

    public override SourceText? GetText(CancellationToken cancellationToken = default) =>
        File.Exists(path) ? SourceText.From(TextFile.Read(path).Text) : null;
}
