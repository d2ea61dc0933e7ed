namespace CiAgent.Configuration;

/// <summary>The configuration file is unreadable or invalid; the message is one line naming the file, the line and the key.</summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
