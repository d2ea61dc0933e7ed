namespace CiAgent.Kernel;

/// <summary>Bad input or configuration: reported in one line with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
