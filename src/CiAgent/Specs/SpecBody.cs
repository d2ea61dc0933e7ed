using System.Text;

namespace CiAgent.Specs;

/// <summary>Joins spec files into the one text the planner reads, each under a "## file: name" line, within a size cap.</summary>
internal sealed class SpecBody(int maxChars)
{
    private readonly StringBuilder text = new();
    private readonly List<string> files = [];

    public IReadOnlyList<string> Files => files;

    /// <summary>Adds a section; only a real file (not an issue) is listed in <see cref="Files"/>.</summary>
    public void Add(string relativePath, string content, bool isFile = true)
    {
        if (isFile)
        {
            files.Add(relativePath);
        }

        if (text.Length > 0)
        {
            text.Append("\n\n");
        }

        text.Append("## file: ").Append(relativePath).Append("\n\n").Append(content.TrimEnd());
    }

    /// <summary>The joined text; past the cap it is cut and says so, so the model knows it did not see everything.</summary>
    public override string ToString()
    {
        if (text.Length <= maxChars)
        {
            return text.ToString();
        }

        var marker = $"\n\n[spec cut at {maxChars} characters]";
        return text.ToString(0, maxChars - marker.Length) + marker;
    }
}
