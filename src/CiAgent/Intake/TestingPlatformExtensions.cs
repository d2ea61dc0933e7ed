namespace CiAgent.Intake;

/// <summary>Microsoft.Testing.Platform extensions that change which switches <c>dotnet test</c> accepts.</summary>
[Flags]
internal enum TestingPlatformExtensions
{
    None = 0,
    XunitV3 = 1,
    TrxReport = 2,
    HangDump = 4,
    CrashDump = 8,
}
