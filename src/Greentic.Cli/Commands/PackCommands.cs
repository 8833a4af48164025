using System.CommandLine;
using Greentic.Cli.Client;
using Greentic.Distributor.V1;
using Greentic.Packs;
using Greentic.Packs.Inspection;
using Greentic.Packs.Archive;
using Greentic.Packs.Building;
using Greentic.Packs.Cbor;
using Greentic.Packs.Index;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;
using Grpc.Core;
using Spectre.Console;

namespace Greentic.Cli.Commands;

/// <summary>
/// <c>greentic pack build|sign|verify|inspect|pull</c> and <c>greentic keys new</c>. Exit codes: 0 success,
/// 1 verification failed (for <c>verify</c>, also a corrupted pack), 2 bad input (missing file, malformed key, bad arguments).
/// </summary>
internal static class PackCommands
{
    private const int Ok = 0, VerifyFailed = 1, BadInput = 2;

    public static Command CreatePack()
    {
        var pack = new Command("pack", "Build, sign, verify and inspect .gtpack files");
        pack.Subcommands.Add(Build());
        pack.Subcommands.Add(Sign());
        pack.Subcommands.Add(Verify());
        pack.Subcommands.Add(Inspect());
        pack.Subcommands.Add(Pull());
        return pack;
    }

    public static Command CreateKeys()
    {
        var keys = new Command("keys", "Manage Ed25519 pack-signing keys");
        var outDir = new Option<string>("--out", "-o") { Description = "Folder to write pack.key.pem and pack.pub.pem into", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files" };
        var cmd = new Command("new", "Create an Ed25519 key pair (PKCS#8 private PEM, SPKI public PEM)");
        cmd.Options.Add(outDir);
        cmd.Options.Add(force);
        cmd.SetAction(pr => Run(() =>
        {
            var dir = pr.GetValue(outDir)!;
            Directory.CreateDirectory(dir);
            var priv = Path.Combine(dir, "pack.key.pem");
            var pub = Path.Combine(dir, "pack.pub.pem");
            if (!pr.GetValue(force) && (File.Exists(priv) || File.Exists(pub)))
                throw new PackFormatException(dir, "pack.key.pem or pack.pub.pem already exists (use --force to overwrite)");
            var key = Ed25519PrivateKey.Generate();
            WritePrivate(priv, key.ToPem());
            File.WriteAllText(pub, key.PublicKey.ToPem());
            AnsiConsole.MarkupLine($"[green]wrote[/] {Markup.Escape(priv)} (private, mode 0600) and {Markup.Escape(pub)}");
            AnsiConsole.MarkupLine($"key id: {key.KeyId}");
            Console.WriteLine($"PACK_PUBLIC_KEY={key.PublicKey}");
            return Ok;
        }));
        keys.Subcommands.Add(cmd);
        return keys;
    }

    private static Command Build()
    {
        var dir = new Argument<string>("DIR") { Description = "Pack source folder (pack.yaml, components/, flows/, assets/)" };
        var output = new Option<string?>("--output", "-o") { Description = "Output file (default: <pack_id>-<version>.gtpack)" };
        var sign = new Option<string?>("--sign") { Description = "Sign with this PKCS#8 PEM private key" };
        var cmd = new Command("build", "Build a .gtpack from a source folder");
        cmd.Arguments.Add(dir);
        cmd.Options.Add(output);
        cmd.Options.Add(sign);
        cmd.SetAction(pr => Run(() =>
        {
            var key = pr.GetValue(sign) is { } k ? Ed25519PrivateKey.Load(k) : null;
            var source = pr.GetValue(dir)!;
            string? outFile = pr.GetValue(output);
            PackManifest? manifest = null;
            byte[] bytes = [];
            // One bar over the build's steps; Spectre renders it only on an interactive terminal.
            AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask("reading sources", maxValue: key is null ? 3 : 4);
                    var archive = PackBuilder.Build(source);
                    manifest = GtPack.FromArchive(archive, "build").Manifest;
                    outFile ??= $"{manifest.PackId}-{manifest.Version}.gtpack";
                    task.Increment(1);
                    if (key is not null)
                    {
                        task.Description = "signing";
                        archive = PackSigner.Sign(GtPack.FromArchive(archive, Path.GetFileName(outFile)), key);
                        task.Increment(1);
                    }
                    task.Description = "writing";
                    bytes = GtpackWriter.Write(archive);
                    WriteAtomically(outFile, bytes);
                    task.Increment(1);
                    task.Description = "checking";
                    GtPack.Open(bytes, Path.GetFileName(outFile)).VerifyIntegrity();
                    task.Increment(1);
                });
            AnsiConsole.MarkupLine($"[green]built[/] {Markup.Escape(outFile!)}: {Markup.Escape(manifest!.PackId)} {Markup.Escape(manifest.Version)}, " +
                                   $"{manifest.Components.Count} components, {manifest.Flows.Count} flows, {bytes.Length} bytes{(key is null ? "" : $", signed by {key.KeyId}")}");
            Console.WriteLine($"digest: {PackDigest.Sha256(bytes)}");
            return Ok;
        }));
        return cmd;
    }

    private static Command Sign()
    {
        var file = new Argument<string>("FILE") { Description = "The .gtpack to sign" };
        var keyOpt = new Option<string>("--key", "-k") { Description = "PKCS#8 PEM private key", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Write the signed pack here (default: overwrite FILE)" };
        var cmd = new Command("sign", "Add an Ed25519 signature to a pack's manifest");
        cmd.Arguments.Add(file);
        cmd.Options.Add(keyOpt);
        cmd.Options.Add(output);
        cmd.SetAction(pr => Run(() =>
        {
            var path = pr.GetValue(file)!;
            var key = Ed25519PrivateKey.Load(pr.GetValue(keyOpt)!);
            var pack = GtPack.OpenFile(path);
            pack.VerifyIntegrity();
            var bytes = PackSigner.SignToBytes(pack, key);
            var dest = pr.GetValue(output) ?? path;
            WriteAtomically(dest, bytes);
            AnsiConsole.MarkupLine($"[green]signed[/] {Markup.Escape(dest)} with key {key.KeyId}");
            Console.WriteLine($"digest: {PackDigest.Sha256(bytes)}");
            Console.WriteLine($"index signature: {IndexSignatures.Sign(PackDigest.Sha256(bytes), key)}");
            return Ok;
        }));
        return cmd;
    }

    private static Command Verify()
    {
        var file = new Argument<string>("FILE") { Description = "The .gtpack to verify" };
        var pub = new Option<string?>("--pub") { Description = "Trusted public key: SPKI PEM file (the signature must verify against it)" };
        var pubKey = new Option<string?>("--public-key") { Description = "Trusted public key: ed25519:<base64 of 32 bytes>" };
        var cmd = new Command("verify", "Check a pack's structure and every digest; with a trusted key, its signature too") { file, pub, pubKey };
        cmd.SetAction(pr => Run(() =>
        {
            var keys = new List<Ed25519PublicKey>();
            if (pr.GetValue(pub) is { } p) keys.Add(Ed25519PublicKey.Load(p));
            if (pr.GetValue(pubKey) is { } k) keys.Add(Ed25519PublicKey.ParseEnv(k));
            var path = pr.GetValue(file)!;
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : throw new PackFormatException(path, "file not found");
            GtPack pack;
            try
            {
                pack = GtPack.Open(bytes, Path.GetFileName(path));
            }
            catch (PackFormatException e) when (e is not PackVerificationException)
            {
                // The file is there: a pack that does not even parse failed verification (exit 1); it is no usage error.
                throw new PackVerificationException(path, $"not a valid pack: {e.Problem}");
            }
            var report = PackInspection.Of(pack, keys);
            if (report.IntegrityProblem is { } problem)
                throw new PackVerificationException(path, problem);
            if (keys.Count > 0 && report.Signature.State != SignatureState.Verified)
                throw new PackVerificationException(path, $"signature: {report.Signature.Detail}");
            Console.WriteLine($"verified {report.PackId} {report.Version}: {report.FileCount} files, every digest matches; signature: {report.Signature.Detail}");
            Console.WriteLine($"digest: {report.FileDigest}");
            return Ok;
        }));
        return cmd;
    }

    /// <summary>
    /// <c>pack pull REF</c>: resolve-ref then get-by-digest from the control plane's distributor, in the caller's tenant,
    /// with a download bar; the file is written only once its SHA-256 equals the digest.
    /// </summary>
    private static Command Pull()
    {
        var reference = new Argument<string>("REF") { Description = "pack_id, pack_id@version or sha256:<hex> (a pack or a component)" };
        var output = new Option<string?>("--output", "-o") { Description = "Output file (default: <pack_id>-<version>.gtpack, or <hex>.bin for a digest)" };
        var cmd = new Command("pull", "Download a pack or component from the control plane's distributor") { reference, output };
        var client = new ClientOptions().AddTo(cmd);
        cmd.SetAction((pr, ct) => ClientRunner.RunAsync(client, pr, needsToken: true, async call =>
        {
            var distributor = new DistributorService.DistributorServiceClient(call.Invoker);
            var resolved = await distributor.ResolveRefAsync(new ResolveRefRequest { Ctx = call.TenantCtx(), Ref = pr.GetValue(reference)! },
                call.Options(cancellationToken: ct));
            var dest = pr.GetValue(output) ?? DefaultPullName(pr.GetValue(reference)!, resolved.Digest);
            var tmp = dest + ".tmp";
            bool verified;
            try
            {
                verified = await DownloadAsync(distributor, call, resolved, tmp, ct);
                if (verified) File.Move(tmp, dest, overwrite: true);
            }
            finally
            {
                if (File.Exists(tmp)) File.Delete(tmp);
            }
            if (!verified)
            {
                await Console.Error.WriteLineAsync($"verification failed: the bytes received do not hash to {resolved.Digest}; nothing was written");
                return VerifyFailed;
            }
            AnsiConsole.MarkupLine($"[green]pulled[/] {Markup.Escape(dest)} ({new FileInfo(dest).Length} bytes, signature verified by the server: {resolved.Metadata.SignatureSummary.Verified})");
            Console.WriteLine($"digest: {resolved.Digest}");
            return Ok;
        }));
        return cmd;
    }

    private static async Task<bool> DownloadAsync(DistributorService.DistributorServiceClient distributor, ClientCall call,
        ResolveRefResponse resolved, string path, CancellationToken ct)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        using var stream = distributor.GetByDigest(new GetByDigestRequest { Ctx = call.TenantCtx(), Digest = resolved.Digest },
            call.Options(TimeSpan.FromMinutes(30), ct));
        await AnsiConsole.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("downloading", maxValue: Math.Max(1, resolved.Metadata.CacheInfo?.SizeBytes ?? 1));
                while (await stream.ResponseStream.MoveNext(ct))
                {
                    var message = stream.ResponseStream.Current;
                    if (message.TotalSize > 0) task.MaxValue = message.TotalSize;
                    if ((long)message.Offset != file.Position)
                        throw new RpcException(new Grpc.Core.Status(StatusCode.DataLoss, $"chunk at offset {message.Offset}, expected {file.Position}"));
                    hash.AppendData(message.Chunk.Span);
                    await file.WriteAsync(message.Chunk.Memory, ct);
                    task.Increment(message.Chunk.Length);
                }
            });
        await file.FlushAsync(ct);
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset()) == resolved.Digest;
    }

    private static string DefaultPullName(string reference, string digest)
    {
        if (reference.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase)) return digest[7..] + ".bin";
        var name = reference.Replace('@', '-').Replace(':', '-');
        return (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains("..") ? digest[7..] : name) + ".gtpack";
    }

    private static Command Inspect()
    {
        var file = new Argument<string>("FILE") { Description = "The .gtpack to inspect" };
        var key = new Option<string?>("--key") { Description = "A trusted public key (PEM file or ed25519:<base64>) to check the signature with" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var cmd = new Command("inspect", "Show a pack's identity, integrity, signature, providers, components, flows, secrets and fixtures") { file, key, json };
        cmd.SetAction(pr => Run(() =>
        {
            var path = pr.GetValue(file)!;
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : throw new PackFormatException(path, "file not found");
            var pack = GtPack.Open(bytes, Path.GetFileName(path));
            var keys = pr.GetValue(key) is { } k ? new[] { k.StartsWith("ed25519:", StringComparison.Ordinal) ? Ed25519PublicKey.ParseEnv(k) : Ed25519PublicKey.Load(k) } : null;
            var report = PackInspection.Of(pack, keys);
            Console.Out.WriteLine(pr.GetValue(json) ? report.ToJson().ToJsonString(Greentic.Json.GreenticJson.Indented) : report.ToText());
            return Ok;
        }));
        return cmd;
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    private static Text T(string s) => new(s);

    private static void Row(Table t, string k, string v) => t.AddRow(T(k), T(v));

    private static void WritePrivate(string path, string pem)
    {
        var opts = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) opts.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var fs = new FileStream(path, opts)) fs.Write(System.Text.Encoding.ASCII.GetBytes(pem));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static int Run(Func<int> action)
    {
        try { return action(); }
        catch (PackVerificationException ex)
        {
            Console.Error.WriteLine($"verification failed: {ex.Message}");
            return VerifyFailed;
        }
        catch (PackFormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return BadInput;
        }
    }
}
