using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Wasmtime;
using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// Compiles each component once per content digest and keeps it: in memory, and on disk when a cache folder is
/// configured. Concurrent first requests for a digest share one compilation. A disk artifact is keyed by digest and
/// engine fingerprint and carries a header (magic, digest, fingerprint, SHA-256 of the payload) that is verified
/// before Wasmtime (which checks its own version and settings again) deserializes it; anything that does not
/// verify is deleted and recompiled.
/// </summary>
internal sealed class CompiledComponentCache : IDisposable
{
    private static readonly byte[] Magic = "GTCWASM1"u8.ToArray();
    private readonly ConcurrentDictionary<string, Lazy<CompiledComponent>> entries = new();
    private readonly Engine engine;
    private readonly string fingerprint;
    private readonly string? directory;
    private readonly ILogger logger;

    public CompiledComponentCache(Engine engine, string fingerprint, string? directory, ILogger logger)
    {
        this.engine = engine;
        this.fingerprint = fingerprint;
        this.directory = directory;
        this.logger = logger;
        if (directory is not null) Directory.CreateDirectory(directory);
    }

    /// <summary>Counts compilations (not cache loads); for tests and diagnostics.</summary>
    public int Compilations => compilations;
    private int compilations;

    /// <summary>The compiled component with one reference taken for the caller.</summary>
    public CompiledComponent Acquire(string digest, ReadOnlyMemory<byte> bytes)
    {
        while (true)
        {
            var lazy = entries.GetOrAdd(digest, d => new Lazy<CompiledComponent>(() => Create(d, bytes)));
            CompiledComponent compiled;
            try
            {
                compiled = lazy.Value;
            }
            catch
            {
                entries.TryRemove(new KeyValuePair<string, Lazy<CompiledComponent>>(digest, lazy));
                throw;
            }
            if (compiled.TryAcquire()) return compiled;
            entries.TryRemove(new KeyValuePair<string, Lazy<CompiledComponent>>(digest, lazy));
        }
    }

    /// <summary>Drops the cache's reference; calls and providers still holding one keep it alive.</summary>
    public void Evict(string digest)
    {
        if (entries.TryRemove(digest, out var lazy) && lazy.IsValueCreated) lazy.Value.Release();
    }

    private CompiledComponent Create(string digest, ReadOnlyMemory<byte> bytes)
    {
        VerifyDigest(digest, bytes.Span);
        var path = directory is null ? null : Path.Combine(directory, FileName(digest));
        if (path is not null && TryLoad(path, digest) is { } cached) return new CompiledComponent(digest, cached);

        var stopwatch = Stopwatch.StartNew();
        Component component;
        try
        {
            component = Component.FromBytes(engine, bytes.Span);
        }
        catch (WasmtimeException e)
        {
            throw new ComponentException(ComponentErrorKind.InvalidComponent,
                $"component {digest} does not compile: {e.Message}", digest, e);
        }
        Interlocked.Increment(ref compilations);
        Log.Compiled(logger, digest, stopwatch.Elapsed.TotalMilliseconds);
        if (path is not null) TryWrite(path, digest, component);
        return new CompiledComponent(digest, component);
    }

    private static void VerifyDigest(string digest, ReadOnlySpan<byte> bytes)
    {
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal)) return;
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, digest, StringComparison.OrdinalIgnoreCase))
            throw new ComponentException(ComponentErrorKind.InvalidComponent,
                $"component bytes hash to {actual}, not the digest {digest} they were given with", digest);
    }

    private string FileName(string digest)
    {
        var safe = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(digest)))[..32];
        return $"{safe}.{fingerprint}.cwasm";
    }

    private byte[] Header(string digest, ReadOnlySpan<byte> payload)
    {
        var id = Encoding.UTF8.GetBytes($"{digest}\n{fingerprint}\n");
        var header = new byte[Magic.Length + 4 + id.Length + 32];
        Magic.CopyTo(header, 0);
        BitConverter.TryWriteBytes(header.AsSpan(Magic.Length), id.Length);
        id.CopyTo(header, Magic.Length + 4);
        SHA256.HashData(payload, header.AsSpan(Magic.Length + 4 + id.Length));
        return header;
    }

    private Component? TryLoad(string path, string digest)
    {
        byte[] file;
        try
        {
            if (!File.Exists(path)) return null;
            file = File.ReadAllBytes(path);
        }
        catch (IOException) { return null; }

        var stopwatch = Stopwatch.StartNew();
        string? reason = null;
        if (file.Length < Magic.Length + 4 || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic)) reason = "bad magic";
        else
        {
            var idLength = BitConverter.ToInt32(file, Magic.Length);
            var headerLength = Magic.Length + 4 + idLength + 32;
            if (idLength < 0 || headerLength > file.Length) reason = "truncated header";
            else
            {
                var payload = file.AsSpan(headerLength);
                var expected = Header(digest, payload);
                if (!file.AsSpan(0, headerLength).SequenceEqual(expected)) reason = "digest, fingerprint or checksum mismatch";
                else
                {
                    try
                    {
                        var component = Component.Deserialize(engine, payload);
                        Log.LoadedFromCache(logger, digest, stopwatch.Elapsed.TotalMilliseconds);
                        return component;
                    }
                    catch (WasmtimeException e) { reason = "Wasmtime refused it: " + e.Message; }
                }
            }
        }
        Log.DiscardedArtifact(logger, path, reason);
        TryDelete(path);
        return null;
    }

    private void TryWrite(string path, string digest, Component component)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var payload = component.Serialize();
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Header(digest, payload));
                stream.Write(payload);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WasmtimeException)
        {
            Log.ArtifactWriteFailed(logger, e, path);
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        foreach (var digest in entries.Keys) Evict(digest);
    }
}
