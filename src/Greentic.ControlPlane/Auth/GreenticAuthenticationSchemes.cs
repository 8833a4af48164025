namespace Greentic.ControlPlane.Auth;

/// <summary>The authentication schemes of the control plane.</summary>
public static class GreenticAuthenticationSchemes
{
    /// <summary>The default: a bearer JWT when an <c>authorization</c> header is present, else the TLS client certificate.</summary>
    public const string Default = "Greentic";

    public const string Bearer = "Bearer";
    public const string Certificate = "Certificate";

    /// <summary>Admin surfaces: the ADMIN_TOKEN bearer, or a loopback caller while ADMIN_TOKEN is unset.</summary>
    public const string AdminToken = "AdminToken";
}

/// <summary>Authorization policy names.</summary>
public static class GreenticPolicies
{
    /// <summary>An authenticated caller (bearer JWT or client certificate); tenant checks follow per call.</summary>
    public const string Caller = "greentic-caller";

    /// <summary>The admin surface (AdminService, <c>/admin/*</c>).</summary>
    public const string Admin = "greentic-admin";
}
