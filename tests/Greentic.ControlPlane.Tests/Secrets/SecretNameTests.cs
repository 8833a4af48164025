using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;

namespace Greentic.ControlPlane.Tests.Secrets;

public sealed class SecretNameTests
{
    [Theory]
    [InlineData("secrets://dev/acme/_/messaging/telegram_bot_token")]
    [InlineData("secrets://prod/acme-corp/support/slack/bot.token")]
    public void Uris_round_trip(string uri)
    {
        Assert.Equal(uri, SecretName.Parse(uri).ToUri());
    }

    [Theory]
    [InlineData("http://dev/acme/_/a/b")]
    [InlineData("secrets://dev/acme/a/b")]
    [InlineData("secrets://dev/acme/_/a/b/c")]
    [InlineData("secrets://dev/ac.me/_/a/b")]
    [InlineData("secrets://dev/acme/_/../b")]
    [InlineData("secrets://dev/acme/_/a/")]
    [InlineData("secrets://dev//_/a/b")]
    public void Bad_uris_are_refused(string uri)
    {
        Assert.False(SecretName.TryParse(uri, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Context_scope_uses_the_team_and_never_the_user()
    {
        var name = SecretName.For(new TenantContext("dev", "acme", "support", "alice"), "messaging", "token");
        Assert.Equal("secrets://dev/acme/support/messaging/token", name.ToUri());
        Assert.Equal("secrets://dev/acme/_/messaging/token", name.TenantWide.ToUri());
    }
}

public sealed class EnvSecretNamesTests
{
    [Theory]
    [InlineData("secrets://dev/acme/_/messaging/telegram_bot_token", "GREENTIC_SECRET__DEV__ACME__MESSAGING__TELEGRAM_BOT_TOKEN")]
    [InlineData("secrets://prod/acme-corp/support/slack/bot.token", "GREENTIC_SECRET__PROD__ACMEx2dCORP__SUPPORT__SLACK__BOTx2eTOKEN")]
    [InlineData("secrets://dev/Acme/_/a__b/c_", "GREENTIC_SECRET__DEV__x41CME__Ax5fx5fB__Cx5f")]
    public void Documented_mapping(string uri, string variable)
    {
        var name = SecretName.Parse(uri);
        Assert.Equal(variable, EnvSecretNames.ToVariable(name));
        Assert.Equal(name, EnvSecretNames.FromVariable(variable));
    }

    [Fact]
    public void Mapping_is_one_to_one_on_look_alike_names()
    {
        string[] uris =
        [
            "secrets://dev/acme-corp/_/c/n", "secrets://dev/acme_corp/_/c/n", "secrets://dev/ACME-corp/_/c/n", "secrets://dev/acme-CORP/_/c/n",
            "secrets://dev/acme/corp/c/n", "secrets://dev/acme/_/corp/c", "secrets://dev/a/_/b__c/n", "secrets://dev/a/_/b_/c_n",
            "secrets://dev/a/b/c/n", "secrets://dev/a/_/b/c", "secrets://dev/a/_/b.c/n", "secrets://dev/a/_/b-c/n", "secrets://dev/a/_/b_c/n",
        ];
        var variables = uris.Select(u => EnvSecretNames.ToVariable(SecretName.Parse(u))).ToList();
        Assert.Equal(uris.Length, variables.Distinct().Count());
        for (var i = 0; i < uris.Length; i++)
        {
            Assert.Equal(uris[i], EnvSecretNames.FromVariable(variables[i])!.ToUri());
        }
    }

    [Fact]
    public void Random_names_round_trip()
    {
        var random = new Random(1234);
        const string first = "abcXYZ019";
        const string rest = "abcXYZ019_.-";
        string Segment(bool identifier)
        {
            var chars = identifier ? "abcXYZ019_-" : rest;
            var length = random.Next(1, 12);
            return first[random.Next(first.Length)] + new string(Enumerable.Range(0, length).Select(_ => chars[random.Next(chars.Length)]).ToArray());
        }
        var seen = new Dictionary<string, string>();
        for (var i = 0; i < 2000; i++)
        {
            var name = new SecretName(Segment(true), Segment(true), random.Next(2) == 0 ? null : Segment(true), Segment(false), Segment(false));
            var variable = EnvSecretNames.ToVariable(name);
            Assert.Matches("^[A-Z0-9_a-fx]+$", variable);
            Assert.Equal(name, EnvSecretNames.FromVariable(variable));
            if (seen.TryGetValue(variable, out var other)) Assert.Equal(other, name.ToUri());
            seen[variable] = name.ToUri();
        }
    }

    [Theory]
    [InlineData("OTHER__DEV__ACME__A__B")]
    [InlineData("GREENTIC_SECRET__DEV__ACME__A")]
    [InlineData("GREENTIC_SECRET__DEV__ACME__A__B__C__D")]
    [InlineData("GREENTIC_SECRET__DEV__ACMEx2__A__B")]
    [InlineData("GREENTIC_SECRET__DEV__ACME___A__B")]
    [InlineData("GREENTIC_SECRET__DEV__acme__A__B")]
    public void Foreign_variables_decode_to_nothing(string variable)
    {
        Assert.Null(EnvSecretNames.FromVariable(variable));
    }
}
