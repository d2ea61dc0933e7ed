namespace CiAgent.Strategies.Offline;

/// <summary>A member whose declaration the repository's history shows renamed in place, its kind and signature unchanged.</summary>
/// <param name="Type">Full metadata name of the declaring type, as <see cref="TypeIdentity"/> spells it.</param>
/// <param name="OldName">The name the member had.</param>
/// <param name="NewName">The name it has now.</param>
/// <param name="Where">The change that renamed it, as a log reads it: "HEAD" or "the working tree".</param>
internal sealed record MemberRename(string Type, string OldName, string NewName, string Where);
