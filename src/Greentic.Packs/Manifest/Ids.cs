namespace Greentic.Packs.Manifest;

/// <summary>
/// Identifier rules for pack, component, flow and node ids: upstream's (ASCII letters, digits, '.', '-', '_'),
/// plus at most 128 characters and no leading '.', since component ids become file names.
/// </summary>
public static class Ids
{
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 128 && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    internal static void Check(string id, string pack, string field)
    {
        if (!IsValid(id)) throw new PackFormatException(pack, $"field '{field}': '{id}' is not a valid id (letters, digits, '.', '-', '_'; at most 128)");
    }
}
