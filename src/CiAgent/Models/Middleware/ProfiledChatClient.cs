using Microsoft.Extensions.AI;

namespace CiAgent.Models.Middleware;

/// <summary>Answers <c>GetService(typeof(ModelProfile))</c> for the pipeline it wraps, and passes calls through.</summary>
internal sealed class ProfiledChatClient(IChatClient innerClient, ModelProfile profile) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ModelProfile) ? profile : base.GetService(serviceType, serviceKey);
}
