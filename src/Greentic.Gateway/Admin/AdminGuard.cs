using System.Net;
using System.Security.Cryptography;
using System.Text;
using Greentic.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Admin;

/// <summary>
/// Locks the admin endpoints as the control plane does: with ADMIN_TOKEN set, <c>authorization: Bearer
/// &lt;token&gt;</c> is required from everyone and compared in constant time (SHA-256 of both sides, then
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither content nor length leaks through timing);
/// without it only loopback peers are admitted. Behind a proxy on the same host every peer is loopback:
/// set ADMIN_TOKEN there.
/// </summary>
internal sealed class AdminGuard(IOptionsMonitor<GatewayOptions> options, ILogger<AdminGuard> logger)
{
    /// <summary>Null when the caller is admitted; otherwise the response to send.</summary>
    public IResult? Check(HttpContext context)
    {
        var token = options.CurrentValue.Admin.Token;
        var remote = context.Connection.RemoteIpAddress;
        if (string.IsNullOrEmpty(token))
        {
            if (remote is null || IPAddress.IsLoopback(remote)) return null;
            return Refuse(StatusCodes.Status403Forbidden, remote,
                "admin endpoints accept only loopback callers while ADMIN_TOKEN is unset; set ADMIN_TOKEN to allow remote admin calls");
        }
        var presented = Bearer(context.Request.Headers.Authorization.ToString());
        if (presented is null)
        {
            return Refuse(StatusCodes.Status401Unauthorized, remote, "admin endpoints require 'authorization: Bearer <ADMIN_TOKEN>'");
        }
        return FixedTimeEquals(presented, token) ? null : Refuse(StatusCodes.Status401Unauthorized, remote, "the admin token is wrong");
    }

    private IResult Refuse(int status, IPAddress? remote, string message)
    {
        GatewayLog.AdminRefused(logger, remote?.ToString() ?? "(local)", message);
        return Results.Json(new { error = message }, statusCode: status);
    }

    private static string? Bearer(string? header)
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
