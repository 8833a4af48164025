using Greentic.Types.V1;

namespace Greentic.Cli.Client;

/// <summary>What a client verb resolved from its options and the environment.</summary>
internal sealed record ClientSettings(string Address, string? TokenOption, string? DataDir, string Tenant, string? Team, string Env)
{
    /// <summary>The tenant context every tenant-scoped request carries.</summary>
    public TenantCtx TenantCtx()
    {
        var ctx = new TenantCtx { Env = Env, Tenant = Tenant, TenantId = Tenant };
        if (!string.IsNullOrEmpty(Team)) ctx.Team = Team;
        return ctx;
    }
}
