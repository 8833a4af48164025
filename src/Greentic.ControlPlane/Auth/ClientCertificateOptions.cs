using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// mTLS client certificates → <see cref="Principal"/>, bound from <c>Greentic:Auth:ClientCertificates</c>.
/// </summary>
/// <remarks>
/// Every certificate must chain to one of the CA certificates in <see cref="TrustedCaFile"/> (the system store is never
/// consulted; intermediates belong in that file too), be within its validity period and allowed for client
/// authentication — ASP.NET Core's certificate handler checks that. Then it is mapped to grants: by SHA-256
/// <see cref="ClientCertificateMapping.Thumbprint"/> (one certificate pinned among those the CA issued), by SAN URI or
/// subject CN, or by the built-in SPIFFE sidecar form <c>spiffe://{SpiffeTrustDomain}/tenant/{tenant}/sidecar/{name}</c>,
/// which grants that one tenant and the <c>sidecar</c> role. Thumbprint mappings are tried first, then the others in
/// order; the first match wins. Self-signed certificates are refused.
/// </remarks>
public sealed class ClientCertificateOptions
{
    public const string SectionName = "Greentic:Auth:ClientCertificates";

    /// <summary>A PEM file with the pinned CA certificate(s).</summary>
    public string? TrustedCaFile { get; set; }

    public string SpiffeTrustDomain { get; set; } = "greentic";

    /// <summary>Map <c>spiffe://{domain}/tenant/{t}/sidecar/{name}</c> without an explicit mapping.</summary>
    public bool MapSpiffeSidecarIds { get; set; } = true;

    public List<ClientCertificateMapping> Mappings { get; set; } = [];
}

/// <summary>
/// One mapping. Set exactly one of <see cref="Thumbprint"/>, <see cref="SanUri"/> or <see cref="SubjectCommonName"/>.
/// <see cref="SanUri"/> may contain <c>{tenant}</c> and <c>{name}</c> placeholders; <c>{tenant}</c> may then be
/// used in <see cref="Tenants"/>, <see cref="Teams"/> and <see cref="Subject"/>, and <c>{name}</c> in Subject.
/// </summary>
public sealed class ClientCertificateMapping
{
    /// <summary>SHA-256 of the DER certificate, hex (colons and case ignored).</summary>
    public string? Thumbprint { get; set; }
    public string? SanUri { get; set; }
    public string? SubjectCommonName { get; set; }

    /// <summary>The principal's subject; defaults to the matched SAN URI, CN or thumbprint.</summary>
    public string? Subject { get; set; }
    public string[]? Tenants { get; set; }
    public string[]? Teams { get; set; }
    public string[]? Roles { get; set; }
}

internal sealed class ClientCertificateOptionsValidator : IValidateOptions<ClientCertificateOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientCertificateOptions o)
    {
        var errors = new List<string>();
        for (var i = 0; i < o.Mappings.Count; i++)
        {
            var m = o.Mappings[i];
            var set = new[] { m.Thumbprint, m.SanUri, m.SubjectCommonName }.Count(v => !string.IsNullOrWhiteSpace(v));
            if (set != 1)
            {
                errors.Add($"{ClientCertificateOptions.SectionName}:Mappings:{i} must set exactly one of Thumbprint, SanUri, SubjectCommonName");
            }
            if (m.Thumbprint is not null && ClientCertificateAuthenticator.NormalizeThumbprint(m.Thumbprint).Length != 64)
            {
                errors.Add($"{ClientCertificateOptions.SectionName}:Mappings:{i}:Thumbprint must be a SHA-256 hex digest (64 hex digits)");
            }
            if (m.Tenants is not { Length: > 0 } && (m.SanUri is null || !m.SanUri.Contains("{tenant}")))
            {
                errors.Add($"{ClientCertificateOptions.SectionName}:Mappings:{i} grants no tenant: set Tenants or use {{tenant}} in SanUri");
            }
        }
        if (!string.IsNullOrWhiteSpace(o.TrustedCaFile) && !File.Exists(o.TrustedCaFile))
        {
            errors.Add($"{ClientCertificateOptions.SectionName}:TrustedCaFile '{o.TrustedCaFile}' does not exist");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
