using System.Linq.Expressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.Rpc.Server.Internal;

/// <summary>
/// Gets the service instance for a call. A service registered in DI is resolved from the request's scope
/// (and released by it). One that is not registered gets a new instance per call — the lifetime of a scoped
/// registration — built by <see cref="ActivatorUtilities"/> from the request's services, and disposed when
/// the call ends.
/// </summary>
internal sealed class ServiceActivator<TService> where TService : class
{
    // The instance is always exactly TService, so whether it needs disposing is known once, here: a service with
    // nothing to dispose skips the release continuation (and the Task it would allocate on every call).
    private static readonly bool Disposable =
        typeof(IDisposable).IsAssignableFrom(typeof(TService)) || typeof(IAsyncDisposable).IsAssignableFrom(typeof(TService));

    private readonly bool _registered;
    private readonly Func<TService>? _parameterless;
    private readonly ObjectFactory? _factory;

    public ServiceActivator(IServiceProvider rootServices)
    {
        _registered = rootServices.GetService<IServiceProviderIsService>()?.IsService(typeof(TService)) ?? false;
        if (_registered) return;
        if (typeof(TService).IsAbstract)
            throw new InvalidOperationException($"{typeof(TService)} is abstract: map a concrete service type.");
        var constructors = typeof(TService).GetConstructors();
        if (constructors.Length == 1 && constructors[0].GetParameters().Length == 0)
            // No dependencies: skip the request scope (and the allocations of creating one) entirely.
            _parameterless = Expression.Lambda<Func<TService>>(Expression.New(constructors[0])).Compile();
        else
            _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);
    }

    /// <summary>Returns the instance; <paramref name="release"/> tells whether the caller must <see cref="ReleaseAsync"/> it.</summary>
    public TService Create(HttpContext httpContext, out bool release)
    {
        if (_registered)
        {
            release = false;
            return httpContext.RequestServices.GetRequiredService<TService>();
        }
        release = Disposable;
        return _parameterless is not null ? _parameterless() : (TService)_factory!(httpContext.RequestServices, null);
    }

    public static ValueTask ReleaseAsync(TService service)
    {
        if (service is IAsyncDisposable asyncDisposable) return asyncDisposable.DisposeAsync();
        (service as IDisposable)?.Dispose();
        return default;
    }
}
