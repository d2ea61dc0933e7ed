namespace CiAgent.Tests.Guardrails;

/// <summary>Signal tests run alone, after the parallel ones: a deadline measured from a signal means nothing on cores the rest of the suite is saturating.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SignalCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Signals";
}
