using Greentic.ControlPlane.Tenancy;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Auth;

/// <summary>A principal, or the decision that explains why there is none.</summary>
public sealed record AuthenticationResult(Principal? Principal, AuthorizationDecision Decision)
{
    public bool Succeeded => Principal is not null;
    public static AuthenticationResult Success(Principal principal) => new(principal, AuthorizationDecision.Allow);
    public static AuthenticationResult Fail(AuthorizationDecision decision) => new(null, decision);
}

/// <summary>
/// Maps a TLS client certificate that ASP.NET Core's certificate handler has already validated (chain to the
/// pinned CA, validity period, clientAuth usage; see <see cref="CertificateAuthenticationSetup"/>) onto a
/// <see cref="Principal"/> (see <see cref="ClientCertificateOptions"/>): a thumbprint mapping first, then SAN URI
/// and CN mappings, then the SPIFFE sidecar form <c>spiffe://{domain}/tenant/{tenant}/sidecar/{name}</c>.
/// </summary>
public sealed partial class ClientCertificateAuthenticator
{
    private readonly ILogger _logger;
    private readonly List<(ClientCertificateMapping Mapping, Regex? SanPattern)> _mappings;

    public ClientCertificateAuthenticator(IOptions<ClientCertificateOptions> options, ILogger<ClientCertificateAuthenticator>? logger = null)
        : this(options.Value, logger)
    {
    }

    public ClientCertificateAuthenticator(ClientCertificateOptions options, ILogger<ClientCertificateAuthenticator>? logger = null)
    {
        _logger = logger ?? NullLogger<ClientCertificateAuthenticator>.Instance;
        _mappings = options.Mappings.Select(m => (m, m.SanUri is null ? null : CompilePattern(m.SanUri))).ToList();
        if (options.MapSpiffeSidecarIds)
        {
            var spiffe = $"spiffe://{options.SpiffeTrustDomain}/tenant/{{tenant}}/sidecar/{{name}}";
            _mappings.Add((new ClientCertificateMapping { SanUri = spiffe, Tenants = ["{tenant}"], Roles = [GreenticRoles.Sidecar] }, CompilePattern(spiffe)));
        }
    }

    /// <summary>The principal a validated certificate maps to, or why it maps to none.</summary>
    public AuthenticationResult Map(X509Certificate2 certificate)
    {
        var result = MapCore(certificate);
        if (result.Succeeded)
            AuthLog.CertificateAccepted(_logger, result.Principal!.Subject);
        else
            LogRefused(certificate, result.Decision.Message);
        return result;
    }

    public void LogRefused(X509Certificate2? certificate, string reason) =>
        AuthLog.CertificateRefused(_logger, certificate?.Subject ?? "(none)", reason);

    private AuthenticationResult MapCore(X509Certificate2 certificate)
    {
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();
        foreach (var (mapping, _) in _mappings)
        {
            if (mapping.Thumbprint is not null && NormalizeThumbprint(mapping.Thumbprint) == thumbprint)
                return Build(mapping, $"sha256:{thumbprint}", null, null);
        }
        var uris = GetSanUris(certificate);
        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        foreach (var (mapping, pattern) in _mappings)
        {
            if (pattern is not null)
            {
                foreach (var uri in uris)
                {
                    var match = pattern.Match(uri);
                    if (match.Success)
                        return Build(mapping, uri, match.Groups["tenant"].Success ? match.Groups["tenant"].Value : null,
                            match.Groups["name"].Success ? match.Groups["name"].Value : null);
                }
            }
            else if (mapping.SubjectCommonName is not null && string.Equals(mapping.SubjectCommonName, cn, StringComparison.Ordinal))
            {
                return Build(mapping, $"CN={cn}", null, null);
            }
        }
        return AuthenticationResult.Fail(AuthorizationDecision.Denied(
            $"client certificate '{certificate.Subject}' is trusted but matches no mapping; add one under {ClientCertificateOptions.SectionName}:Mappings"));
    }

    private AuthenticationResult Build(ClientCertificateMapping mapping, string identity, string? tenant, string? name)
    {
        string Expand(string value) => value.Replace("{tenant}", tenant ?? "{tenant}").Replace("{name}", name ?? "{name}");
        var tenants = (mapping.Tenants ?? []).Select(Expand).Where(TenantContext.IsValidIdentifier).ToList();
        if (tenants.Count == 0)
        {
            return AuthenticationResult.Fail(AuthorizationDecision.Denied($"client certificate '{identity}' maps to no valid tenant"));
        }
        var principal = new Principal(
            mapping.Subject is null ? identity : Expand(mapping.Subject),
            AuthenticationMethod.ClientCertificate,
            tenants,
            (mapping.Teams ?? []).Select(Expand).Where(ClaimMapper.IsValidTeamGrant),
            mapping.Roles ?? [],
            defaultTenant: tenants.Count == 1 ? tenants[0] : null);
        return AuthenticationResult.Success(principal);
    }

    internal static string NormalizeThumbprint(string thumbprint) =>
        thumbprint.Replace(":", "").Replace(" ", "").ToLowerInvariant();

    private static Regex CompilePattern(string pattern)
    {
        var escaped = Regex.Escape(pattern)
            .Replace(@"\{tenant}", "(?<tenant>[A-Za-z0-9][A-Za-z0-9_-]{0,62})")
            .Replace(@"\{name}", "(?<name>[A-Za-z0-9._-]{1,128})");
        return new Regex("^" + escaped + "$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>The uniformResourceIdentifier entries of the subjectAltName extension.</summary>
    public static IReadOnlyList<string> GetSanUris(X509Certificate2 certificate)
    {
        var result = new List<string>();
        foreach (var ext in certificate.Extensions)
        {
            if (ext.Oid?.Value != "2.5.29.17") continue;
            try
            {
                var reader = new AsnReader(ext.RawData, AsnEncodingRules.DER);
                var names = reader.ReadSequence();
                var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    if (tag == uriTag)
                        result.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                    else
                        names.ReadEncodedValue();
                }
            }
            catch (AsnContentException)
            {
                // A malformed SAN yields no URIs; the certificate then matches no SAN mapping.
            }
        }
        return result;
    }

    internal static X509Certificate2Collection LoadCas(string? path)
    {
        var collection = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(path))
        {
            collection.ImportFromPemFile(path);
        }
        return collection;
    }
}
