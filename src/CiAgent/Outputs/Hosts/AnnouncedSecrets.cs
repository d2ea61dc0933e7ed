namespace CiAgent.Outputs.Hosts;

/// <summary>The secret values already announced to the CI system, so each is masked once.</summary>
internal sealed class AnnouncedSecrets
{
    private readonly HashSet<string> _masked = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The values (and, for multi-line values, each line) not announced yet.</summary>
    public IReadOnlyList<string> New(IEnumerable<string?> secrets)
    {
        var fresh = new List<string>();
        lock (_gate)
        {
            foreach (var secret in secrets)
            {
                if (string.IsNullOrWhiteSpace(secret))
                {
                    continue;
                }

                // Runners mask line by line, so a multi-line secret (a PEM key) is only hidden if every line is registered.
                IEnumerable<string> parts = secret.Contains('\n') || secret.Contains('\r')
                    ? [secret, .. secret.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                    : [secret];
                fresh.AddRange(parts.Where(part => part.Length > 0 && _masked.Add(part)));
            }
        }

        return fresh;
    }
}
