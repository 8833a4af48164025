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
/// Turns a TLS client certificate into a <see cref="Principal"/> (see <see cref="ClientCertificateOptions"/>):
/// <list type="number">
/// <item>the certificate must be within its validity period;</item>
/// <item>a thumbprint mapping accepts it as pinned;</item>
/// <item>otherwise it must chain to a pinned CA (custom root trust, no system store), carry the clientAuth
/// EKU if it has an EKU at all, and match a SAN URI / CN mapping or the SPIFFE sidecar form.</item>
/// </list>
/// </summary>
public sealed partial class ClientCertificateAuthenticator
{
    private const string ClientAuthEku = "1.3.6.1.5.5.7.3.2";
    private readonly ClientCertificateOptions _options;
    private readonly X509Certificate2Collection _trustedCas;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<(ClientCertificateMapping Mapping, Regex? SanPattern)> _mappings;

    public ClientCertificateAuthenticator(IOptions<ClientCertificateOptions> options, TimeProvider? time = null, ILogger<ClientCertificateAuthenticator>? logger = null)
        : this(options.Value, LoadCas(options.Value.TrustedCaFile), time, logger)
    {
    }

    public ClientCertificateAuthenticator(ClientCertificateOptions options, X509Certificate2Collection trustedCas, TimeProvider? time = null, ILogger<ClientCertificateAuthenticator>? logger = null)
    {
        _options = options;
        _trustedCas = trustedCas;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ClientCertificateAuthenticator>.Instance;
        _mappings = options.Mappings.Select(m => (m, m.SanUri is null ? null : CompilePattern(m.SanUri))).ToList();
        if (options.MapSpiffeSidecarIds)
        {
            _mappings.Add((new ClientCertificateMapping
            {
                SanUri = $"spiffe://{options.SpiffeTrustDomain}/tenant/{{tenant}}/sidecar/{{name}}",
                Tenants = ["{tenant}"],
                Roles = [GreenticRoles.Sidecar],
            }, CompilePattern($"spiffe://{options.SpiffeTrustDomain}/tenant/{{tenant}}/sidecar/{{name}}")));
        }
    }

    /// <param name="certificate">The client's leaf certificate.</param>
    /// <param name="presentedChain">Intermediates the client sent, if any (never trusted as roots).</param>
    public AuthenticationResult Authenticate(X509Certificate2? certificate, X509Certificate2Collection? presentedChain = null)
    {
        var result = AuthenticateCore(certificate, presentedChain);
        if (result.Succeeded)
            AuthLog.CertificateAccepted(_logger, result.Principal!.Subject);
        else
            AuthLog.CertificateRefused(_logger, certificate?.Subject ?? "(none)", result.Decision.Message);
        return result;
    }

    private AuthenticationResult AuthenticateCore(X509Certificate2? certificate, X509Certificate2Collection? presentedChain)
    {
        if (certificate is null)
        {
            return Fail("no client certificate was presented");
        }
        var now = _time.GetUtcNow().UtcDateTime;
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return Fail($"client certificate '{certificate.Subject}' is valid only from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}");
        }

        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();
        foreach (var (mapping, _) in _mappings)
        {
            if (mapping.Thumbprint is not null && NormalizeThumbprint(mapping.Thumbprint) == thumbprint)
            {
                return Build(mapping, $"sha256:{thumbprint}", null, null);
            }
        }

        if (_trustedCas.Count == 0)
        {
            return Fail($"client certificate '{certificate.Subject}' is not pinned by thumbprint and no trusted CA is configured ({ClientCertificateOptions.SectionName}:TrustedCaFile)");
        }
        var chainError = CheckChain(certificate, presentedChain, now);
        if (chainError is not null)
        {
            return Fail($"client certificate '{certificate.Subject}' is not trusted: {chainError}");
        }
        if (!HasClientAuthUsage(certificate))
        {
            return Fail($"client certificate '{certificate.Subject}' has an extended key usage without clientAuth");
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
                    {
                        return Build(mapping, uri, match.Groups["tenant"].Success ? match.Groups["tenant"].Value : null,
                            match.Groups["name"].Success ? match.Groups["name"].Value : null);
                    }
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

    private string? CheckChain(X509Certificate2 certificate, X509Certificate2Collection? presentedChain, DateTime now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (presentedChain is not null)
        {
            foreach (var c in presentedChain)
            {
                if (!c.RawData.AsSpan().SequenceEqual(certificate.RawData)) chain.ChainPolicy.ExtraStore.Add(c);
            }
        }
        if (chain.Build(certificate))
        {
            return null;
        }
        var statuses = chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => s.Status.ToString()).Distinct().ToList();
        return statuses.Count == 0 ? "the chain does not build to a pinned CA" : $"chain check failed ({string.Join(", ", statuses)})";
    }

    private static bool HasClientAuthUsage(X509Certificate2 certificate)
    {
        foreach (var ext in certificate.Extensions)
        {
            if (ext is X509EnhancedKeyUsageExtension eku)
            {
                foreach (var oid in eku.EnhancedKeyUsages)
                {
                    if (oid.Value == ClientAuthEku) return true;
                }
                return false;
            }
        }
        return true;
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

    private static AuthenticationResult Fail(string message) =>
        AuthenticationResult.Fail(AuthorizationDecision.Unauthenticated(message));

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

    private static X509Certificate2Collection LoadCas(string? path)
    {
        var collection = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(path))
        {
            collection.ImportFromPemFile(path);
        }
        return collection;
    }
}
