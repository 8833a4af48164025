using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core authentication and authorization for the control plane: JwtBearer (Microsoft.IdentityModel)
    /// and certificate authentication behind one default scheme, the admin-token scheme for admin surfaces, the
    /// policies endpoints require, and the tenant resolver and authorizer the per-call tenant check uses. Options
    /// are bound from <c>Greentic:Auth:Jwt</c>, <c>Greentic:Auth:ClientCertificates</c>, <c>Greentic:Tenancy</c>
    /// and <c>Greentic:Admin</c>, plus the upstream variables GREENTIC_ENV, DEFAULT_TENANT, TENANT_RESOLVER and
    /// ADMIN_TOKEN (which win when set), and validated at start-up.
    /// </summary>
    public static IServiceCollection AddGreenticAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JwtValidationOptions>().Bind(configuration.GetSection(JwtValidationOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ClientCertificateOptions>().Bind(configuration.GetSection(ClientCertificateOptions.SectionName)).ValidateOnStart();
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.SectionName))
            .Configure(o => TenancyOptions.ApplyUpstreamNames(o, name => configuration[name])).ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName))
            .Configure(o =>
            {
                if (configuration["ADMIN_TOKEN"] is { Length: > 0 } token) o.Token = token;
            });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtValidationOptions>, JwtValidationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClientCertificateOptions>, ClientCertificateOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TenancyOptions>, TenancyOptionsValidator>());

        services.AddHttpClient(JwtBearerOptionsSetup.HttpClientName)
            .ConfigureHttpClient((sp, c) => c.Timeout = sp.GetRequiredService<IOptions<JwtValidationOptions>>().Value.JwksHttpTimeout);
        services.TryAddSingleton<ClientCertificateAuthenticator>();
        services.TryAddSingleton<AdminAuthenticator>();
        services.TryAddSingleton<TenantAuthorizer>();
        services.TryAddSingleton<TenantResolver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, JwtBearerOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CertificateAuthenticationOptions>, CertificateAuthenticationSetup>());

        services.AddAuthentication(GreenticAuthenticationSchemes.Default)
            .AddPolicyScheme(GreenticAuthenticationSchemes.Default, "bearer JWT, else client certificate", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || context.Connection.ClientCertificate is null
                    ? GreenticAuthenticationSchemes.Bearer
                    : GreenticAuthenticationSchemes.Certificate)
            .AddJwtBearer(GreenticAuthenticationSchemes.Bearer, _ => { })
            .AddCertificate(GreenticAuthenticationSchemes.Certificate, _ => { })
            .AddScheme<AuthenticationSchemeOptions, AdminTokenHandler>(GreenticAuthenticationSchemes.AdminToken, _ => { });

        services.AddAuthorizationBuilder()
            .AddPolicy(GreenticPolicies.Caller, p => p.AddAuthenticationSchemes(GreenticAuthenticationSchemes.Default).RequireAuthenticatedUser())
            .AddPolicy(GreenticPolicies.Admin, p => p.AddAuthenticationSchemes(GreenticAuthenticationSchemes.AdminToken).RequireAuthenticatedUser());
        // Replace, not TryAdd: AddAuthorization has already registered the default handler, which answers a bare HTTP 401.
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, AuthFailureResponder>());
        return services;
    }
}
