using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Hosting;

/// <summary>Builds the control plane as an ASP.NET Core application: configuration, services, Kestrel endpoints, routes.</summary>
public static class ControlPlaneHost
{
    /// <param name="args">Command-line configuration (<c>--Greentic:ControlPlane:GrpcAddress=…</c>).</param>
    /// <param name="configure">Adjusts the builder before the services are added: extra configuration, logging.</param>
    /// <param name="services">Runs after the control plane's own registrations, so what it registers wins: extra providers, test doubles.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        builder.Services.AddGreenticControlPlane(builder.Configuration);
        services?.Invoke(builder.Services);
        var options = builder.Configuration.GetSection(ControlPlaneOptions.SectionName).Get<ControlPlaneOptions>() ?? new ControlPlaneOptions();
        builder.WebHost.ConfigureKestrel(k => ControlPlaneKestrel.Configure(k, options));
        var app = builder.Build();
        app.MapGreenticControlPlane();
        return app;
    }
}
