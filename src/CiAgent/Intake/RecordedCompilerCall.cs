namespace CiAgent.Intake;

/// <summary>One C# compiler call a build made, as the build recorded it.</summary>
/// <param name="ProjectPath">Full path of the project that was compiled.</param>
/// <param name="TargetFramework">The framework of that inner build, or null when the build did not say (a project with one framework).</param>
/// <param name="Arguments">The compiler's arguments, without the compiler's own path.</param>
/// <param name="RecordedAtUtc">When the build that made the call started: later edits to the project's shape make the call stale.</param>
public sealed record RecordedCompilerCall(string ProjectPath, string? TargetFramework, IReadOnlyList<string> Arguments, DateTime RecordedAtUtc);
