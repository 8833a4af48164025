using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Applies <see cref="JwtValidationOptions"/> to the JwtBearer handler: the key source (JWKS file, JWKS URL or
/// OpenID discovery, all behind one configuration manager with refresh), issuer, audience, required expiry,
/// the bounded clock skew, the asymmetric algorithm allow-list and claim names kept as sent (no inbound mapping).
/// </summary>
internal sealed class JwtBearerOptionsSetup(IOptions<JwtValidationOptions> options, IHttpClientFactory httpClients, TimeProvider time,
    ILogger<JwtBearerOptionsSetup> logger)
    : IConfigureNamedOptions<JwtBearerOptions>
{
    public const string HttpClientName = "Greentic.Jwks";

    public void Configure(string? name, JwtBearerOptions bearer)
    {
        if (name != GreenticAuthenticationSchemes.Bearer) return;
        var o = options.Value;
        bearer.MapInboundClaims = false;
        bearer.TimeProvider = time;
        bearer.TokenHandlers.Clear();
        bearer.TokenHandlers.Add(new JsonWebTokenHandler
        {
            MapInboundClaims = false,
            MaximumTokenSizeInBytes = o.MaxTokenLength,
        });
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuers = o.EffectiveIssuers,
            ValidAudiences = o.EffectiveAudiences,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = o.ClockSkew,
            ValidAlgorithms = o.EffectiveAlgorithms,
            NameClaimType = o.Claims.Subject,
            RoleClaimType = o.Claims.Roles,
        };
        bearer.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (JwtAlgorithmGate.Refusal(context.Request.Headers.Authorization, o.EffectiveAlgorithms) is { } refusal)
                {
                    AuthLog.TokenRefused(logger, refusal.GetType().Name, refusal.Message);
                    context.Fail(refusal);
                }
                return Task.CompletedTask;
            },
            OnTokenValidated = context => OnTokenValidated(context, o),
            OnAuthenticationFailed = async context =>
            {
                // The token handler swallows a key source it cannot read and reports "no matching key"; say it is the keys.
                if (context.Exception is SecurityTokenSignatureKeyNotFoundException && bearer.ConfigurationManager is { } keys)
                {
                    try
                    {
                        await keys.GetConfigurationAsync(context.HttpContext.RequestAborted);
                    }
                    catch (InvalidOperationException unavailable)
                    {
                        context.Fail(unavailable);
                    }
                }
                var failure = context.Result?.Failure ?? context.Exception;
                AuthLog.TokenRefused(logger, failure.GetType().Name, AuthFailureMessages.Describe(failure));
            },
        };
        if (!o.Enabled) return;

        var http = new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName))
        {
            RequireHttps = !(LoopbackUrl(o.JwksUrl) || LoopbackUrl(o.Authority) || LoopbackUrl(o.MetadataAddress)),
        };
        bearer.ConfigurationManager = (o.JwksFile, o.JwksUrl, o.MetadataAddress, o.Authority) switch
        {
            ({ Length: > 0 } file, _, _, _) => Manager(file, new JwksRetriever(), new FileDocumentRetriever(), o),
            (_, { Length: > 0 } url, _, _) => Manager(url, new JwksRetriever(), http, o),
            (_, _, { Length: > 0 } metadata, _) => Manager(metadata, new OpenIdConnectConfigurationRetriever(), http, o),
            _ => Manager(o.Authority!.TrimEnd('/') + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), http, o),
        };
        bearer.RefreshOnIssuerKeyNotFound = true;
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    private static ConfigurationManager<OpenIdConnectConfiguration> Manager(string address,
        IConfigurationRetriever<OpenIdConnectConfiguration> retriever, IDocumentRetriever documents, JwtValidationOptions o) =>
        new(address, retriever, documents)
        {
            AutomaticRefreshInterval = o.JwksRefreshInterval,
            RefreshInterval = o.JwksMinRefreshInterval,
        };

    private static bool LoopbackUrl(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>The signature and standard claims hold: enforce the lifetime cap, then map the claims onto a <see cref="Principal"/>.</summary>
    private Task OnTokenValidated(TokenValidatedContext context, JwtValidationOptions o)
    {
        var token = (JsonWebToken)context.SecurityToken;
        if (o.MaxTokenLifetime is { } max)
        {
            var start = token.IssuedAt != DateTime.MinValue ? token.IssuedAt : token.ValidFrom;
            if (start == DateTime.MinValue || token.ValidTo - start > max)
            {
                context.Fail($"the token's lifetime exceeds the allowed {max.TotalMinutes:0.#} minutes (or it has no iat/nbf)");
                return Task.CompletedTask;
            }
        }
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        var principal = ClaimMapper.Map(payload.RootElement, o.Claims, token.Issuer, new DateTimeOffset(token.ValidTo, TimeSpan.Zero), out var error);
        if (principal is null)
        {
            context.Fail(error!);
            return Task.CompletedTask;
        }
        AuthLog.TokenAccepted(logger, principal.Subject, principal.Tenants.Count);
        context.Principal = new ClaimsPrincipal(new GreenticIdentity(principal, GreenticAuthenticationSchemes.Bearer));
        return Task.CompletedTask;
    }
}
