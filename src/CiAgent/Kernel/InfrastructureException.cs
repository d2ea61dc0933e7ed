namespace CiAgent.Kernel;

/// <summary>Something outside the workspace failed (git, a model, the machine): exit code 3.</summary>
public class InfrastructureException(string message, Exception? inner = null) : Exception(message, inner);
