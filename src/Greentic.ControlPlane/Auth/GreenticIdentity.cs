using System.Security.Claims;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// The identity an authentication handler establishes: ASP.NET Core's <see cref="ClaimsIdentity"/> carrying the
/// <see cref="Principal"/> the tenant authorizer compares grants with. Built only from verified credentials.
/// </summary>
public sealed class GreenticIdentity : ClaimsIdentity
{
    public GreenticIdentity(Principal principal, string authenticationType)
        : base(Claims(principal), authenticationType, ClaimTypes.Name, ClaimTypes.Role)
    {
        Principal = principal;
    }

    public Principal Principal { get; }

    private static IEnumerable<Claim> Claims(Principal p) =>
        p.Roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, p.Subject));
}

public static class GreenticIdentityExtensions
{
    /// <summary>The verified caller of this request, or null when it is anonymous.</summary>
    public static Principal? GreenticPrincipal(this ClaimsPrincipal user) =>
        user.Identities.OfType<GreenticIdentity>().FirstOrDefault()?.Principal;
}
