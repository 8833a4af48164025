namespace Greentic.Packs.Tests;

internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gtpack-tests-" + Guid.NewGuid().ToString("N")));
    public string Path { get; }
    public string this[string rel] => System.IO.Path.Combine(Path, rel);
    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { }
    }
}
