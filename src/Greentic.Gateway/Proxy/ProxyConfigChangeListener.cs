using Yarp.ReverseProxy.Configuration;

namespace Greentic.Gateway.Proxy;

/// <summary>Tells the provider which snapshots YARP applied or refused, so a refused one is rolled back.</summary>
internal sealed class ProxyConfigChangeListener(GatewayProxyConfigProvider provider) : IConfigChangeListener
{
    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
    {
    }

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
        foreach (var config in proxyConfigs) provider.ApplyFailed(config, exception);
    }

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        foreach (var config in proxyConfigs) provider.Applied(config);
    }
}
