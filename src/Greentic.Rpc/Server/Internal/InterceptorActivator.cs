using Microsoft.Extensions.DependencyInjection;

namespace Greentic.Rpc.Server.Internal;

/// <summary>Gets one server interceptor for a call: a given instance, one from DI, or a new one per call.</summary>
internal sealed class InterceptorActivator
{
    private readonly Interceptor? _instance;
    private readonly InterceptorRegistration _registration;
    private readonly bool _registered;
    private readonly bool _disposable;

    public InterceptorActivator(InterceptorRegistration registration, IServiceProvider rootServices)
    {
        _registration = registration;
        _instance = registration.Instance;
        _registered = _instance is null && registration.Arguments.Length == 0 &&
            (rootServices.GetService<IServiceProviderIsService>()?.IsService(registration.Type) ?? false);
        // A per-call instance is exactly registration.Type: with nothing to dispose, no release continuation is needed.
        _disposable = typeof(IDisposable).IsAssignableFrom(registration.Type) || typeof(IAsyncDisposable).IsAssignableFrom(registration.Type);
    }

    /// <summary>Returns the interceptor; <paramref name="release"/> tells whether the caller must <see cref="ReleaseAsync"/> it.</summary>
    public Interceptor Get(ServerCallContext context, out bool release)
    {
        release = false;
        if (_instance is not null) return _instance;
        var services = context.GetHttpContext().RequestServices;
        if (_registered) return (Interceptor)services.GetRequiredService(_registration.Type);
        release = _disposable;
        return (Interceptor)ActivatorUtilities.CreateInstance(services, _registration.Type, _registration.Arguments);
    }

    public static ValueTask ReleaseAsync(Interceptor interceptor)
    {
        if (interceptor is IAsyncDisposable asyncDisposable) return asyncDisposable.DisposeAsync();
        (interceptor as IDisposable)?.Dispose();
        return default;
    }
}
