namespace CiAgent.Context;

/// <summary>A member of the workspace that a failing test reaches, as the compiler bound it.</summary>
/// <param name="Name">The member as C# shows it, such as <c>BulkDiscount.DiscountFor(Order)</c>.</param>
/// <param name="File">Full path of the file that declares it.</param>
/// <param name="Line">1-based line of its declaration.</param>
/// <param name="Depth">0 for the test and the frames of its stack trace, 1 for what they call, 2 for what those call, and so on.</param>
/// <param name="InTypeHeader">True when the member is declared in its type's header (a primary constructor, a positional record property), so that its code is the type's.</param>
public sealed record CalledMember(string Name, string File, int Line, int Depth, bool InTypeHeader = false);
