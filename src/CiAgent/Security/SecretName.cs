namespace CiAgent.Security;

/// <summary>Decides from an environment variable's name alone whether its value should be treated as a secret.</summary>
public static class SecretName
{
    // Words that mark a secret wherever they appear inside a name segment (APITOKEN, CLIENTSECRET, ConnectionStrings).
    private static readonly string[] EmbeddedWords =
        ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "PWD", "CONNECTIONSTRING", "CREDENTIAL", "AUTH", "CERT", "PRIVATE", "KEY"];

    // Too short to trust inside a word (PATH, PATCH, PATTERN), so it must be a segment of its own.
    private static readonly string[] WholeSegmentWords = ["PAT", "PATS"];

    // Segments that contain a secret word but name something public: git's author, a keyboard, a key ring's location.
    private static readonly HashSet<string> InnocentSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "AUTHOR", "AUTHORS", "AUTHORITY", "KEYCHAIN", "KEYCHAINS", "KEYBOARD", "KEYMAP", "KEYRING", "MONKEY", "TURKEY",
    };

    // Shells set these to the working directory; they contain PWD but are paths everyone can see.
    private static readonly HashSet<string> InnocentNames = new(StringComparer.OrdinalIgnoreCase) { "PWD", "OLDPWD" };

    // A last segment that says the value only points at or describes the secret (GITHUB_TOKEN_FILE, SSL_CERT_DIR, SSH_AUTH_SOCK).
    private static readonly HashSet<string> DescriptorSuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "FILE", "PATH", "DIR", "HOME", "SOCK", "NAME", "USER", "USERNAME", "URL", "HOST", "TYPE", "MODE",
    };

    /// <summary>True when the name contains a secret word such as TOKEN, KEY or PASSWORD, or PAT as a segment of its own.</summary>
    public static bool LooksSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // git's GIT_CONFIG_KEY_<n> holds a config name such as safe.directory (the image's entrypoint sets one); any secret is in GIT_CONFIG_VALUE_<n>.
        if (InnocentNames.Contains(name) || name.StartsWith("GIT_CONFIG_KEY_", StringComparison.Ordinal))
        {
            return false;
        }

        // Humps are split only for the whole-segment words: ConnectionStrings must stay one piece to contain CONNECTIONSTRING.
        var segments = Segments(name, splitHumps: false);
        var humps = Segments(name, splitHumps: true);
        if (segments.Count == 0 || (humps.Count > 1 && DescriptorSuffixes.Contains(humps[^1])))
        {
            return false;
        }

        return segments.Any(segment => !InnocentSegments.Contains(segment)
                && EmbeddedWords.Any(word => segment.Contains(word, StringComparison.OrdinalIgnoreCase)))
            || humps.Any(segment => WholeSegmentWords.Any(word => segment.Equals(word, StringComparison.OrdinalIgnoreCase)));
    }

    // Splits on anything not a letter or digit and, when asked, on camelCase humps so azurePat reads like AZURE_PAT.
    private static List<string> Segments(string name, bool splitHumps)
    {
        var segments = new List<string>();
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var atEnd = i == name.Length;
            var c = atEnd ? '\0' : name[i];
            var isWordChar = !atEnd && char.IsAsciiLetterOrDigit(c);
            var startsHump = splitHumps && isWordChar && start >= 0 && char.IsAsciiLetterUpper(c) && char.IsAsciiLetterLower(name[i - 1]);
            if (start >= 0 && (!isWordChar || startsHump))
            {
                segments.Add(name[start..i]);
                start = -1;
            }

            if (isWordChar && start < 0)
            {
                start = i;
            }
        }

        return segments;
    }
}
