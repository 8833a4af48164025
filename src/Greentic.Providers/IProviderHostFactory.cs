using Greentic.Types.V1;

namespace Greentic.Providers;

/// <summary>Makes the host imports for one provider call, bound to that call's tenant context.</summary>
public interface IProviderHostFactory
{
    IProviderHost ForTenant(TenantCtx tenant);
}
