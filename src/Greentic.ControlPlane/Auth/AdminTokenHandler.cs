using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Auth;

/// <summary>The <see cref="GreenticAuthenticationSchemes.AdminToken"/> scheme: <see cref="AdminAuthenticator"/>'s rules as an ASP.NET Core handler.</summary>
internal sealed class AdminTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminAuthenticator admin)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var result = admin.Authenticate(Context);
        return Task.FromResult(result.Principal is { } principal
            ? AuthenticateResult.Success(new AuthenticationTicket(new(new GreenticIdentity(principal, Scheme.Name)), Scheme.Name))
            : AuthenticateResult.Fail(new AdminRefusedException(result.Decision)));
    }
}

/// <summary>Why the admin scheme refused a caller, with the status it maps to (401 or 403).</summary>
internal sealed class AdminRefusedException(AuthorizationDecision decision) : Exception(decision.Message)
{
    public AuthorizationDecision Decision { get; } = decision;
}
