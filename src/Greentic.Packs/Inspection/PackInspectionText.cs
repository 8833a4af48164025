using System.Text;

namespace Greentic.Packs.Inspection;

/// <summary>The human-readable form of a <see cref="PackInspection"/>: one section per aspect, aligned, no colour.</summary>
internal static class PackInspectionText
{
    public static string Render(PackInspection r)
    {
        var b = new StringBuilder();
        void Line(string label, string value) => b.Append(label.PadRight(12)).AppendLine(value);
        Line("pack", $"{r.PackId} {r.Version} ({r.Kind}, publisher {r.Publisher}){(r.Name is null ? "" : $" \"{r.Name}\"")}");
        Line("file", $"{r.File}: {r.FileSize} bytes, {r.FileCount} files, {r.FileDigest}");
        Line("manifest", $"{r.SchemaVersion}, {(r.ManifestCanonical ? "canonical CBOR" : "CBOR (not canonical)")}");
        Line("integrity", r.IntegrityProblem is null ? "ok: every digest matches" : $"FAILED: {r.IntegrityProblem}");
        var s = r.Signature;
        Line("signature", s.State switch
        {
            SignatureState.Verified => $"verified (key {s.Signer}){(s.CoversFiles ? ", covers every file" : "; the manifest does not bind the other files")}",
            SignatureState.Unsigned => "unsigned",
            SignatureState.NotChecked => $"signed by {string.Join(", ", s.KeyIds)}, not checked (no trusted key given)",
            _ => $"INVALID: {s.Detail}",
        });
        Section(b, "providers", r.Providers, p =>
            $"{p.ProviderType}: component {p.ComponentId}, export {p.Export}, world {p.World}\n    ops: {Join(p.Ops)}" +
            (p.Capabilities.Count > 0 ? $"\n    capabilities: {Join(p.Capabilities)}" : "") +
            (p.ConfigSchemaRef.Length > 0 ? $"\n    config schema: {p.ConfigSchemaRef}" : ""));
        Section(b, "components", r.Components, c =>
            $"{c.Id} {c.Version}: {c.Size} bytes, {c.Digest}\n    world: {c.World}\n    capabilities: {Join(c.Capabilities)}" +
            (c.Operations.Count > 0 ? $"\n    operations: {Join(c.Operations)}" : "") +
            (c.Supports.Count > 0 ? $"\n    supports: {Join(c.Supports)}" : ""));
        Section(b, "flows", r.Flows, f =>
            $"{f.Id} ({f.Kind}): {f.NodeCount} node{(f.NodeCount == 1 ? "" : "s")}, entrypoints {Join(f.Entrypoints.Select(e => $"{e.Key} → {e.Value}"))}");
        Section(b, "secrets", r.SecretRequirements, x =>
            $"{x.Key} ({(x.Required ? "required" : "optional")}{(x.Format is null ? "" : ", " + x.Format)}){(x.Description is null ? "" : ": " + x.Description)}");
        Section(b, "fixtures", r.Fixtures, f => $"{f.Name} ({f.Size} bytes)");
        Section(b, "extensions", r.Extensions, e => e);
        return b.ToString();
    }

    private static void Section<T>(StringBuilder b, string title, IReadOnlyList<T> items, Func<T, string> line)
    {
        b.AppendLine($"{title} ({items.Count})");
        foreach (var item in items) b.Append("  ").AppendLine(line(item));
    }

    private static string Join(IEnumerable<string> items)
    {
        var s = string.Join(", ", items);
        return s.Length == 0 ? "none" : s;
    }
}
