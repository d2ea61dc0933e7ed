namespace CiAgent.Models;

/// <summary>Thrown when the model settings or environment cannot produce a working client; the message is one line a user can act on.</summary>
public sealed class ModelConfigurationException(string message) : Exception(message);
