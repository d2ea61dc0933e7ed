namespace CiAgent.Outputs.Report;

/// <summary>One acceptance criterion, the tests that prove it, and whether they failed before the code and pass after it.</summary>
/// <param name="Id">The criterion's id.</param>
/// <param name="Text">The criterion.</param>
/// <param name="Tests">Fully qualified names of its acceptance tests.</param>
/// <param name="RedBefore">True when every one of its tests failed (or could not compile) before the implementation.</param>
/// <param name="GreenAfter">True when every one of its tests passes after it, with the whole suite.</param>
public sealed record CriterionReport(string Id, string Text, IReadOnlyList<string> Tests, bool RedBefore, bool GreenAfter);
