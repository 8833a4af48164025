using System.Net;
using System.Security.Cryptography;
using System.Text;
using Greentic.ControlPlane.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Auth;

/// <summary>Bound from <c>Greentic:Admin</c>; the upstream <c>ADMIN_TOKEN</c> variable wins when set.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Greentic:Admin";

    /// <summary>ADMIN_TOKEN: the bearer admin endpoints require. Unset: admin endpoints answer loopback callers only.</summary>
    public string? Token { get; set; }
}

/// <summary>
/// Guards admin endpoints (<c>/admin/*</c>, AdminService) as upstream does:
/// with ADMIN_TOKEN set, <c>authorization: Bearer &lt;token&gt;</c> is required from everyone, compared in
/// constant time (SHA-256 of both sides, then <see cref="CryptographicOperations.FixedTimeEquals"/>, so
/// neither content nor length leaks through timing); without it, only loopback peers are admitted.
/// </summary>
/// <remarks>
/// The remote address must be the TCP peer. Behind a proxy on the same host every request looks like
/// loopback — set ADMIN_TOKEN in any deployment with a proxy in front.
/// </remarks>
public sealed class AdminAuthenticator
{
    private readonly IOptionsMonitor<AdminOptions> _options;
    private readonly ILogger _logger;

    public AdminAuthenticator(IOptionsMonitor<AdminOptions> options, ILogger<AdminAuthenticator>? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger<AdminAuthenticator>.Instance;
    }

    public AuthenticationResult Authenticate(HttpContext context) =>
        Authenticate(context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization[0] : null,
            context.Connection.RemoteIpAddress);

    /// <param name="authorizationHeader">The raw <c>authorization</c> header value, if any.</param>
    /// <param name="remoteAddress">The TCP peer; null (e.g. a Unix socket) counts as local.</param>
    public AuthenticationResult Authenticate(string? authorizationHeader, IPAddress? remoteAddress)
    {
        var token = _options.CurrentValue.Token;
        AuthenticationResult result;
        if (string.IsNullOrEmpty(token))
        {
            var local = remoteAddress is null || IPAddress.IsLoopback(remoteAddress);
            result = local
                ? AuthenticationResult.Success(new Principal("loopback-admin", AuthenticationMethod.Loopback, roles: [GreenticRoles.Admin]))
                : AuthenticationResult.Fail(AuthorizationDecision.Denied(
                    "admin endpoints accept only loopback callers while ADMIN_TOKEN is unset; set ADMIN_TOKEN to allow remote admin calls",
                    ErrorCause.Of(ErrorReasons.AdminLoopbackOnly, ("setting", "ADMIN_TOKEN"))));
        }
        else
        {
            var presented = ExtractBearer(authorizationHeader);
            if (presented is null)
            {
                result = AuthenticationResult.Fail(AuthorizationDecision.Unauthenticated(
                    "admin endpoints require 'authorization: Bearer <ADMIN_TOKEN>'", AdminCredential));
            }
            else if (!FixedTimeEquals(presented, token))
            {
                result = AuthenticationResult.Fail(AuthorizationDecision.Unauthenticated("the admin token is wrong", AdminCredential));
            }
            else
            {
                result = AuthenticationResult.Success(new Principal("admin-token", AuthenticationMethod.AdminToken, roles: [GreenticRoles.Admin]));
            }
        }
        if (!result.Succeeded)
        {
            AuthLog.AdminRefused(_logger, remoteAddress?.ToString() ?? "(local)", result.Decision.Message);
        }
        return result;
    }

    private static readonly ErrorCause AdminCredential = ErrorCause.Of(ErrorReasons.Unauthenticated, ("credential", "admin_token"));

    private static string? ExtractBearer(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        header = header.Trim();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var value = header[7..].Trim();
        return value.Length == 0 ? null : value;
    }

    internal static bool FixedTimeEquals(string presented, string expected)
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
