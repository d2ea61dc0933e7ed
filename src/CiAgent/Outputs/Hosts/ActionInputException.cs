namespace CiAgent.Outputs.Hosts;

/// <summary>An action input has a value the agent cannot use; the message names the input and the accepted values.</summary>
public sealed class ActionInputException(string message) : Exception(message);
