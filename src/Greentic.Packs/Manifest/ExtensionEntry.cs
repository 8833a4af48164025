using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>An entry of <c>extensions</c>: <c>{kind, version, digest?, location?, inline?}</c>.</summary>
public sealed record ExtensionEntry(string Kind, string Version, string? Digest = null, string? Location = null, CborValue? Inline = null)
{
    public CborMap ToCbor() => new CborMapBuilder()
        .Add("kind", Kind).Add("version", Version).Add("digest", Digest).Add("location", Location).Add("inline", Inline).Build();

    internal static ExtensionEntry FromCbor(CborValue v, string pack, string path)
    {
        var f = new CborFields(v, pack, path);
        return new ExtensionEntry(f.Text("kind"), f.OptTextOrInt("version") ?? throw f.Error("version", "is required"),
            f.OptText("digest"), f.OptText("location"), f.Raw("inline"));
    }
}
