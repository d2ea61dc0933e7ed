namespace CiAgent.Models;

/// <summary>What the agent loop needs to know about the configured model, found through <c>IChatClient.GetService(typeof(ModelProfile))</c>.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="Model">The model or deployment name requests go to.</param>
/// <param name="Endpoint">The endpoint requests go to.</param>
/// <param name="MaxInputTokens">A per-request input limit the loop should keep prompts inside, or null when none is known.</param>
public sealed record ModelProfile(string Provider, string Model, Uri Endpoint, int? MaxInputTokens);
