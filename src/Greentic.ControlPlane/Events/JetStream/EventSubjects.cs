using System.Text;

namespace Greentic.ControlPlane.Events.JetStream;

/// <summary>
/// Subject and stream names: <c>{prefix}.{env}.{tenant}.{team or _}.{provider}</c> in stream <c>{StreamPrefix}_{env}</c>.
/// Env, tenant and team are identifiers (letters, digits, '_', '-'), valid subject tokens as they are; the provider
/// token (the event's source) is escaped so any source stays one token: characters outside [A-Za-z0-9_-] become
/// <c>~XX</c> (hex of each UTF-8 byte), so two sources never share a token.
/// </summary>
internal sealed class EventSubjects(JetStreamOptions options)
{
    public const string NoTeam = "_";

    public string Stream(string env) => $"{options.StreamPrefix}_{env}";

    public string StreamSubjects(string env) => $"{options.SubjectPrefix}.{env}.>";

    public string Subject(EventStreamId stream, string? team, string source) =>
        $"{options.SubjectPrefix}.{stream.Env}.{stream.Tenant}.{team ?? NoTeam}.{Token(source)}";

    /// <summary>Every event of the tenant, or of one team of it.</summary>
    public string Filter(EventStreamId stream, string? team = null) =>
        team is null ? $"{options.SubjectPrefix}.{stream.Env}.{stream.Tenant}.>" : $"{options.SubjectPrefix}.{stream.Env}.{stream.Tenant}.{team}.>";

    /// <summary>The tenant a subject of this env's stream belongs to, or null for a foreign subject.</summary>
    public string? TenantOf(string env, string subject)
    {
        var head = $"{options.SubjectPrefix}.{env}.";
        if (!subject.StartsWith(head, StringComparison.Ordinal)) return null;
        var rest = subject[head.Length..];
        var dot = rest.IndexOf('.');
        return dot > 0 ? rest[..dot] : null;
    }

    internal static string Token(string value)
    {
        if (value.Length == 0) return "~";
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) sb.Append(c);
            else sb.Append('~').Append(b.ToString("x2"));
        }
        return sb.ToString();
    }
}
