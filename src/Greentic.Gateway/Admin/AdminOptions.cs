namespace Greentic.Gateway.Admin;

/// <summary><c>Greentic:Gateway:Admin</c>; the upstream <c>ADMIN_TOKEN</c> variable wins when set.</summary>
public sealed class AdminOptions
{
    /// <summary>The bearer token admin endpoints require. Unset: admin endpoints answer loopback callers only.</summary>
    public string? Token { get; set; }
}
