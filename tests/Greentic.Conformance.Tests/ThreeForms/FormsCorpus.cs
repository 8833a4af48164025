using static Greentic.Conformance.Tests.ThreeForms.FormStep;
using static Greentic.Conformance.Tests.ThreeForms.ThreeFormsControlPlane;

namespace Greentic.Conformance.Tests.ThreeForms;

/// <summary>
/// The inputs sent to every form: ordinary calls, every op of the <c>echo</c> and <c>hostio</c> samples,
/// provider-level failures, malformed JSON, unknown ops, secrets inside and outside the allow-list, state reads and
/// writes, egress allowed and denied, hostile components (trap, deadline, limits), and the real upstream
/// <c>messaging-provider-dummy</c>. Cases are independent (each uses its own state keys), so they run in any order.
/// </summary>
public static class FormsCorpus
{
    /// <summary>The egress target the policy allows; replaced by the fixture's loopback server.</summary>
    public const string PongUrl = "{pong}";
    private const string Denied = "http://denied.example.test/x";
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    public static IReadOnlyList<FormCase> All { get; } =
    [
        // echo: describe, health, config checks and every op
        new("echo describe", Echo, Describe),
        new("echo healthcheck", Echo, Healthcheck),
        new("echo validate-config of an object", Echo, ValidateConfig("""{"a":1}""")),
        new("echo validate-config of an array", Echo, ValidateConfig("[1]")),
        new("echo validate-config of malformed JSON", Echo, ValidateConfig("""{"a":""")),
        new("echo echo", Echo, Invoke("echo", """{"text":"héllo €","n":[1,2,null],"nested":{"deep":[{"x":true}]}}""")),
        new("echo echo without input", Echo, Invoke("echo", "")),
        new("echo fail (a retryable node-error, retried once)", Echo, Invoke("fail", "{}")),
        new("echo sleep", Echo, Invoke("sleep", """{"ms":20}""")),
        new("echo log (guest stdout and stderr)", Echo, Invoke("log", """{"x":1}""")),
        new("echo clock", Echo, Invoke("clock", "{}")),
        new("echo malformed JSON", Echo, Invoke("echo", """{"text":""")),
        new("echo unknown op", Echo, Invoke("nope", "{}")),
        new("echo sleep past its deadline", Echo, Invoke("sleep", """{"ms":10000}""", OneSecond)),

        // hostio: secrets, state, http, telemetry and the conformance ops
        new("hostio describe", Hostio, Describe),
        new("hostio run (secret, state, log, http)", Hostio,
            Invoke("run", $$"""{"secret":"{{ApiToken}}","state_key":"run-1","state_value":"v1","url":"{{PongUrl}}"}""")),
        new("hostio http allowed", Hostio, Invoke("http", $$"""{"url":"{{PongUrl}}"}""")),
        new("hostio http denied by the egress policy", Hostio, Invoke("http", $$"""{"url":"{{Denied}}"}""")),
        new("hostio secret within the allow-list", Hostio, Invoke("secret", $$"""{"secret":"{{ApiToken}}"}""")),
        new("hostio secret within the allow-list but not set", Hostio, Invoke("secret", $$"""{"secret":"{{Absent}}"}""")),
        new("hostio secret outside the allow-list", Hostio, Invoke("secret", $$"""{"secret":"{{Other}}"}""")),
        new("hostio secret with an invalid key", Hostio, Invoke("secret", """{"secret":"bad key!"}""")),
        new("hostio state (write then read)", Hostio, Invoke("state", """{"state_key":"state-1","state_value":"one"}""")),
        new("hostio state_put, state_get, state_get of a missing key", Hostio,
            Invoke("state_put", """{"state_key":"put-1","state_value":"two"}"""),
            Invoke("state_get", """{"state_key":"put-1"}"""),
            Invoke("state_get", """{"state_key":"never-written"}""")),
        new("hostio sleep then mark state", Hostio,
            Invoke("sleep", """{"ms":5,"state_key":"slept-1"}"""),
            Invoke("state_get", """{"state_key":"slept-1"}""")),
        new("hostio sleep past its deadline writes nothing", Hostio,
            Invoke("sleep", """{"ms":10000,"state_key":"slept-2"}""", OneSecond),
            Invoke("state_get", """{"state_key":"slept-2"}""")),
        new("hostio echo", Hostio, Invoke("echo", """{"a":[1,{"b":"c"}]}""")),
        new("hostio fail", Hostio, Invoke("fail", "{}")),
        new("hostio unknown op", Hostio, Invoke("nope", "{}")),
        new("hostio malformed JSON", Hostio, Invoke("state", """{"state_key":""")),

        // hostile: containment maps to the same statuses in every form
        new("hostile trap", Hostile, Invoke("trap", "{}")),
        new("hostile infinite loop under a deadline", Hostile, Invoke("loop", "{}", OneSecond)),
        new("hostile output over the cap", Hostile, Invoke("big", "{}")),
        new("hostile unbounded recursion", Hostile, Invoke("recurse", "{}")),
        new("hostile memory grow bomb", Hostile, Invoke("grow", "{}")),
        new("hostile ordinary call", Hostile, Invoke("ok", "{}")),

        // the real upstream messaging-provider-dummy
        new("upstream dummy describe", UpstreamDummy, Describe),
        new("upstream dummy healthcheck", UpstreamDummy, Healthcheck),
        new("upstream dummy validate-config", UpstreamDummy, ValidateConfig("{}")),
        new("upstream dummy run", UpstreamDummy, Invoke("run", """{"message":"hi"}""")),
        new("upstream dummy unsupported op", UpstreamDummy, Invoke("send", "{}")),
        new("upstream dummy malformed JSON", UpstreamDummy, Invoke("run", """{"message":""")),
    ];
}
