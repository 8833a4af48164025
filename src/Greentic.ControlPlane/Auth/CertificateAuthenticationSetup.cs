using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Applies <see cref="ClientCertificateOptions"/> to ASP.NET Core's certificate handler: the chain must build to
/// the pinned CA (custom root trust, no system store, no downloads), the certificate must be in its validity
/// period and allowed for client authentication; then <see cref="ClientCertificateAuthenticator"/> maps its SAN
/// URI (SPIFFE ids), CN or thumbprint to grants.
/// </summary>
internal sealed class CertificateAuthenticationSetup(IOptions<ClientCertificateOptions> options, ClientCertificateAuthenticator mapper, TimeProvider time)
    : IConfigureNamedOptions<CertificateAuthenticationOptions>
{
    public void Configure(string? name, CertificateAuthenticationOptions certificate)
    {
        if (name != GreenticAuthenticationSchemes.Certificate) return;
        certificate.AllowedCertificateTypes = CertificateTypes.Chained;
        certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
        certificate.CustomTrustStore = ClientCertificateAuthenticator.LoadCas(options.Value.TrustedCaFile);
        certificate.RevocationMode = X509RevocationMode.NoCheck;
        certificate.ValidateCertificateUse = true;
        certificate.ValidateValidityPeriod = true;
        certificate.TimeProvider = time;
        certificate.Events = new CertificateAuthenticationEvents
        {
            OnCertificateValidated = context =>
            {
                var result = mapper.Map(context.ClientCertificate);
                if (result.Principal is { } principal)
                {
                    context.Principal = new System.Security.Claims.ClaimsPrincipal(new GreenticIdentity(principal, GreenticAuthenticationSchemes.Certificate));
                    context.Success();
                }
                else
                {
                    context.Fail(result.Decision.Message);
                }
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                mapper.LogRefused(context.HttpContext.Connection.ClientCertificate, AuthFailureMessages.Describe(context.Exception));
                return Task.CompletedTask;
            },
        };
    }

    public void Configure(CertificateAuthenticationOptions options) => Configure(Options.DefaultName, options);
}
