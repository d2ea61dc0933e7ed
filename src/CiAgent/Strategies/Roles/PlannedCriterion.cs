namespace CiAgent.Strategies.Roles;

/// <summary>One acceptance criterion of the plan and the tests that will prove it.</summary>
/// <param name="Id">The criterion's id as the harness parsed it (AC1, FR-001, US1-2, …).</param>
/// <param name="Tests">Fully qualified names of the tests to write, such as Shop.Tests.CartTests.Total_includes_tax.</param>
public sealed record PlannedCriterion(string Id, IReadOnlyList<string> Tests);
