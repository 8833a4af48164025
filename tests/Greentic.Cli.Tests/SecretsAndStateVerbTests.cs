using Greentic.TestSupport;
using Greentic.Cli.Tests.Infrastructure;

namespace Greentic.Cli.Tests;

/// <summary><c>greentic secrets</c> and <c>greentic state</c> as processes against a real <c>greentic up</c>.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class SecretsAndStateVerbTests(ControlPlaneFixture controlPlane)
{
    private readonly GreenticCli _cli = new(controlPlane);

    [Fact]
    public async Task Secrets_set_then_get_round_trips_the_value()
    {
        var value = "v-" + Guid.NewGuid().ToString("N");

        var set = await _cli.RunAsync("secrets", "set", "tests/api_key", value);
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.DoesNotContain(value, set.Stdout + set.Stderr);

        var get = await _cli.RunAsync("secrets", "get", "tests/api_key");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(value + "\n", get.Stdout);

        var raw = await _cli.RunAsync("secrets", "get", "tests/api_key", "--raw");
        Assert.Equal(value, raw.Stdout);
    }

    [Fact]
    public async Task Secrets_set_from_a_file_keeps_the_bytes()
    {
        var file = Path.Combine(controlPlane.WorkDir, "secret.bin");
        var bytes = "line one\nline two\n"u8.ToArray();
        await File.WriteAllBytesAsync(file, bytes);

        var set = await _cli.RunAsync("secrets", "set", "tests/from_file", "--from-file", file);
        Assert.True(set.ExitCode == 0, set.ToString());

        var get = await _cli.RunAsync("secrets", "get", "tests/from_file");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("line one\nline two\n", get.Stdout);
    }

    [Fact]
    public async Task Secrets_get_of_a_missing_key_is_not_found()
    {
        var result = await _cli.RunAsync("secrets", "get", "tests/never_set");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("NOT_FOUND", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_refused_secrets_set_never_echoes_the_value()
    {
        var value = "hidden-" + Guid.NewGuid().ToString("N");

        var result = await _cli.RunAsync("secrets", "set", "tests/other", value, "--tenant", "other");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("PERMISSION_DENIED", result.Stderr);
        Assert.DoesNotContain(value, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task State_put_get_delete_and_a_read_after_delete_is_not_found()
    {
        var key = "cli-" + Guid.NewGuid().ToString("N")[..8];

        var put = await _cli.RunAsync("state", "put", key, "value 1");
        Assert.True(put.ExitCode == 0, put.ToString());

        var get = await _cli.RunAsync("state", "get", key);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("value 1\n", get.Stdout);

        var delete = await _cli.RunAsync("state", "delete", key);
        Assert.True(delete.ExitCode == 0, delete.ToString());

        var gone = await _cli.RunAsync("state", "get", key);
        Assert.True(gone.ExitCode == 1, gone.ToString());
        Assert.Contains("NOT_FOUND", gone.Stderr);
    }

    [Fact]
    public async Task State_of_one_tenant_is_not_readable_with_another_tenant_context()
    {
        var result = await _cli.RunAsync("state", "get", "anything", "--tenant", "other");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("PERMISSION_DENIED", result.Stderr);
    }

    [Theory]
    [InlineData("badkey")]
    [InlineData("dummy/")]
    [InlineData("a/b/c")]
    public async Task Secrets_set_refuses_a_key_that_is_not_category_slash_name(string key)
    {
        var result = await _cli.RunAsync("secrets", "set", key, "value");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is not category/name", result.Stderr);
    }
}
