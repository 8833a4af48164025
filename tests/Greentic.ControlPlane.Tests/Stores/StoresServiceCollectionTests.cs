using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tests.Stores;

public sealed class StoresServiceCollectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging()
            .AddGreenticStores(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public async Task Sqlite_is_the_default_and_both_interfaces_share_one_store()
    {
        using var dir = new TempDirectory();
        await using var sp = Build(new() { ["Greentic:Stores:SqlitePath"] = dir.File("s.db") });
        var state = sp.GetRequiredService<IStateStore>();
        Assert.IsType<SqliteStateStore>(state);
        Assert.Same(state, sp.GetRequiredService<IDedupeStore>());
        await state.WriteAsync(new StateKey(new TenantContext("dev", "acme"), "p", "k"), new byte[] { 1 }, CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void State_backend_variable_selects_postgres_and_requires_a_connection_string()
    {
        using var sp = Build(new() { ["STATE_BACKEND"] = "postgres" });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<StateStoreOptions>>().Value);
        Assert.Contains("PostgresConnectionString is required", ex.Message);

        using var bad = Build(new() { ["STATE_BACKEND"] = "redis" });
        Assert.Contains("STATE_BACKEND 'redis'", Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<StateStoreOptions>>().Value).Message);

        using var injection = Build(new() { ["Greentic:Stores:PostgresSchema"] = "x\"; DROP TABLE y; --" });
        Assert.Throws<OptionsValidationException>(() => injection.GetRequiredService<IOptions<StateStoreOptions>>().Value);
    }
}
