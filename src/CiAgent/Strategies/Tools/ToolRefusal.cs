namespace CiAgent.Strategies.Tools;

/// <summary>A tool call the workspace does not allow as asked (a protected path, a missing file); its message is the whole reply to the model.</summary>
internal sealed class ToolRefusal(string message) : Exception(message);
